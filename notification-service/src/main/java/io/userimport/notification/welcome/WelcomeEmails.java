package io.userimport.notification.welcome;

import io.userimport.model.CaseKey;
import io.userimport.model.RowProcessed;
import io.userimport.model.UserActivated;
import io.userimport.notification.mail.Mails;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox of welcome emails, one row per created user, keyed by the import row that created it. */
@Repository
public class WelcomeEmails {

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    WelcomeEmails(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /** Queues one email per event; an event seen before queues nothing. */
    public void queue(List<RowProcessed> due) {
        jdbcTemplate.batchUpdate("""
                insert into welcome_email (import_id, row_number, login_id, email, first_name, full_name, status,
                                           login_key)
                values (?, ?, ?, ?, ?, ?, 'PENDING', ?) on conflict do nothing
                """, due, due.size(), (PreparedStatement ps, RowProcessed event) -> {
            ps.setObject(1, event.importId());
            ps.setInt(2, event.rowNumber());
            ps.setString(3, event.loginId());
            ps.setString(4, event.email());
            ps.setString(5, event.firstName());
            ps.setString(6, event.fullName());
            ps.setString(7, CaseKey.of(event.loginId()));
        });
    }

    /**
     * Claims due emails (SENDING, until {@code lease} has passed) so no other sender takes them,
     * with those whose sender died while sending; call in a transaction.
     */
    List<Claimed> claim(int limit, Instant now, Duration lease) {
        return jdbc.sql("""
                with due as (
                    select import_id, row_number from welcome_email
                    where status = 'PENDING' and next_attempt_at <= :now or status = 'SENDING' and lease_until < :now
                    order by next_attempt_at limit :limit
                    for update skip locked)
                update welcome_email w set status = 'SENDING', attempts = w.attempts + 1, lease_until = :until
                from due where w.import_id = due.import_id and w.row_number = due.row_number
                returning w.import_id, w.row_number, w.login_id, w.email, w.first_name, w.full_name, w.attempts,
                          w.resends
                """).param("now", Timestamp.from(now)).param("until", Timestamp.from(now.plus(lease)))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getObject("import_id", UUID.class), rs.getInt("row_number"),
                        rs.getString("login_id"), rs.getString("email"), rs.getString("first_name"),
                        rs.getString("full_name"), rs.getInt("attempts"), rs.getInt("resends")))
                .list();
    }

    /** Stores the hash of each claimed email's token; the tokens themselves only go into the emails. */
    void storeTokenHashes(List<Claimed> emails, List<String> tokenHashes, Instant expiresAt) {
        Timestamp expires = Timestamp.from(expiresAt);
        jdbcTemplate.batchUpdate("""
                update welcome_email set token_hash = ?, token_expires_at = ? where import_id = ? and row_number = ?
                """, IntStream.range(0, emails.size()).mapToObj(i ->
                new Object[] {tokenHashes.get(i), expires, emails.get(i).importId(), emails.get(i).rowNumber()}).toList());
    }

    void markSent(List<Claimed> emails, Instant now) {
        Timestamp sentAt = Timestamp.from(now);
        jdbcTemplate.batchUpdate("""
                update welcome_email set status = 'SENT', sent_at = ?, error = null where import_id = ? and row_number = ?
                """, emails.stream().map(email -> new Object[] {sentAt, email.importId(), email.rowNumber()}).toList());
    }

    /** The SMTP server did not take the email: try again later, with a new token, or give up. */
    void markUnsent(Claimed email, String error, boolean giveUp, Instant now) {
        jdbc.sql("""
                update welcome_email set status = :status, error = :error, next_attempt_at = :next,
                                         token_hash = null, token_expires_at = null
                where import_id = :id and row_number = :row
                """).param("status", giveUp ? "FAILED" : "PENDING").param("error", error)
                .param("next", Timestamp.from(now.plus(Mails.backoff(email.attempts()))))
                .param("id", email.importId()).param("row", email.rowNumber()).update();
    }

    /** The welcome email that carried a token, by the token's hash. */
    Optional<TokenHolder> findByTokenHash(String tokenHash) {
        return jdbc.sql("""
                select import_id, row_number, login_id, token_expires_at, token_used_at from welcome_email
                where token_hash = :hash
                """).param("hash", tokenHash)
                .query(WelcomeEmails::tokenHolder).optional();
    }

    /**
     * Spends a token if it is unused and unexpired, storing the hash of the password chosen with
     * it for the directory, in one statement: the token can be spent only once, and never without
     * its password reaching the directory.
     */
    Optional<TokenHolder> spendToken(String tokenHash, String passwordHash, Instant now) {
        return jdbc.sql("""
                update welcome_email set token_used_at = :now, activation_hash = :password
                where token_hash = :hash and token_used_at is null and token_expires_at > :now
                returning import_id, row_number, login_id, token_expires_at, token_used_at
                """).param("hash", tokenHash).param("password", passwordHash).param("now", Timestamp.from(now))
                .query(WelcomeEmails::tokenHolder).optional();
    }

    /** Activations not handed to the directory yet, oldest first, locked for this caller; call in a transaction. */
    List<UserActivated> dueActivations(int limit) {
        return jdbc.sql("""
                select import_id, row_number, login_id, activation_hash, token_used_at from welcome_email
                where activation_hash is not null order by token_used_at limit :limit for update skip locked
                """).param("limit", limit)
                .query((rs, n) -> UserActivated.of(rs.getObject("import_id", UUID.class), rs.getInt("row_number"),
                        rs.getString("login_id"), rs.getString("activation_hash"),
                        rs.getTimestamp("token_used_at").toInstant()))
                .list();
    }

    /** The directory has these activations: their password hashes are kept no longer. */
    void activationsPublished(List<UserActivated> published) {
        jdbcTemplate.batchUpdate("""
                update welcome_email set activation_hash = null where import_id = ? and row_number = ?
                """, published.stream().map(a -> new Object[] {a.importId(), a.rowNumber()}).toList());
    }

    /**
     * Queues the latest welcome email of a user again, with a fresh link once it is sent; the
     * link sent before stops working at once. Empty when the user has no welcome email; the
     * email's state otherwise (a user who set a password already gets none).
     */
    Optional<NotificationView> resend(String loginId, Instant now) {
        return jdbc.sql("""
                with latest as (
                    select import_id, row_number from welcome_email where login_key = :login
                    order by created_at desc, import_id limit 1 for update)
                update welcome_email w
                set status = 'PENDING', attempts = 0, next_attempt_at = :now, lease_until = null, error = null,
                    token_hash = null, token_expires_at = null, resends = w.resends + 1, sent_at = null
                from latest
                where w.import_id = latest.import_id and w.row_number = latest.row_number and w.token_used_at is null
                returning w.import_id, w.row_number, w.login_id, w.email, w.status, w.attempts, w.error, w.created_at,
                          w.sent_at
                """).param("login", CaseKey.of(loginId)).param("now", Timestamp.from(now))
                .query(WelcomeEmails::view).optional();
    }

    /** Whether the user's latest welcome email was used to set a password. */
    boolean activated(String loginId) {
        return jdbc.sql("""
                select token_used_at is not null from welcome_email where login_key = :login
                order by created_at desc, import_id limit 1
                """).param("login", CaseKey.of(loginId)).query(Boolean.class).optional().orElse(false);
    }

    /** The welcome emails of an import after row {@code afterRow}, at most {@code size}, in file order. */
    List<NotificationView> list(UUID importId, int afterRow, int size) {
        return jdbc.sql("""
                select import_id, row_number, login_id, email, status, attempts, error, created_at, sent_at
                from welcome_email where import_id = :id and row_number > :after order by row_number limit :size
                """).param("id", importId).param("after", afterRow).param("size", size)
                .query(WelcomeEmails::view).list();
    }

    long count(UUID importId) {
        return jdbc.sql("select count(*) from welcome_email where import_id = :id").param("id", importId)
                .query(Long.class).single();
    }

    private static NotificationView view(ResultSet rs, int rowNum) throws SQLException {
        return new NotificationView(rs.getObject("import_id", UUID.class), rs.getInt("row_number"), "WELCOME_EMAIL",
                rs.getString("login_id"), rs.getString("email"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("error"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("sent_at")));
    }

    private static TokenHolder tokenHolder(ResultSet rs, int rowNum) throws SQLException {
        return new TokenHolder(rs.getObject("import_id", UUID.class), rs.getInt("row_number"), rs.getString("login_id"),
                rs.getTimestamp("token_expires_at").toInstant(), instant(rs.getTimestamp("token_used_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The user a set-password token was sent to, and the token's state. */
    record TokenHolder(UUID importId, int rowNumber, String loginId, Instant expiresAt, Instant usedAt) {
    }

    /**
     * A welcome email taken from the outbox to be sent.
     *
     * @param resends how often an administrator had it sent again; each time is a new message
     */
    record Claimed(UUID importId, int rowNumber, String loginId, String email, String firstName, String fullName,
                   int attempts, int resends) {

        /** Its Message-ID: the same for every try of one sending, so a resend after a crash is recognised. */
        String messageId() {
            return "welcome-" + importId + "-" + rowNumber + (resends == 0 ? "" : "-r" + resends) + "@user-import";
        }
    }
}
