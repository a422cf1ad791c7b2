package io.userimport.notification.reports;

import io.userimport.model.ImportFinished;
import io.userimport.notification.mail.Mails;
import io.userimport.notification.welcome.NotificationView;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The outbox of completion reports, one per import attempt; a job nobody is to be told of is SKIPPED. */
@Repository
public class Reports {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    Reports(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    void queue(List<ImportFinished> finished) {
        jdbcTemplate.batchUpdate("""
                insert into completion_report (import_id, attempt, report_to, event, status)
                values (?, ?, ?, cast(? as jsonb), ?) on conflict do nothing
                """, finished, finished.size(), (PreparedStatement ps, ImportFinished event) -> {
            ps.setObject(1, event.importId());
            ps.setInt(2, event.attempt());
            ps.setString(3, event.reportTo());
            ps.setString(4, json.writeValueAsString(event));
            ps.setString(5, event.reportTo() == null ? "SKIPPED" : "PENDING");
        });
    }

    /**
     * Claims due reports (SENDING, until {@code lease} has passed) so no other sender takes them,
     * with those whose sender died while sending; call in a transaction.
     */
    List<Claimed> claim(int limit, Instant now, Duration lease) {
        return jdbc.sql("""
                with due as (
                    select import_id, attempt from completion_report
                    where status = 'PENDING' and next_attempt_at <= :now or status = 'SENDING' and lease_until < :now
                    order by next_attempt_at limit :limit
                    for update skip locked)
                update completion_report r set status = 'SENDING', attempts = r.attempts + 1, lease_until = :until
                from due where r.import_id = due.import_id and r.attempt = due.attempt
                returning r.event, r.attempts
                """).param("now", Timestamp.from(now)).param("until", Timestamp.from(now.plus(lease)))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(json.readValue(rs.getString("event"), ImportFinished.class),
                        rs.getInt("attempts")))
                .list();
    }

    void markSent(ImportFinished report, Instant now) {
        jdbc.sql("""
                update completion_report set status = 'SENT', sent_at = :now, error = null
                where import_id = :id and attempt = :attempt
                """).param("now", Timestamp.from(now)).param("id", report.importId())
                .param("attempt", report.attempt()).update();
    }

    void markUnsent(Claimed report, String error, boolean giveUp, Instant now) {
        jdbc.sql("""
                update completion_report set status = :status, error = :error, next_attempt_at = :next
                where import_id = :id and attempt = :attempt
                """).param("status", giveUp ? "FAILED" : "PENDING").param("error", error)
                .param("next", Timestamp.from(now.plus(Mails.backoff(report.attempts()))))
                .param("id", report.event().importId()).param("attempt", report.event().attempt()).update();
    }

    /** The reports of an import, as the notifications API lists them. */
    public List<NotificationView> list(UUID importId) {
        return jdbc.sql("""
                select attempt, event ->> 'submittedBy' as login_id, report_to, status, attempts, error, created_at,
                       sent_at
                from completion_report where import_id = :id order by attempt
                """).param("id", importId)
                .query((rs, n) -> new NotificationView(importId, 0, "COMPLETION_REPORT", rs.getString("login_id"),
                        rs.getString("report_to"), rs.getString("status"), rs.getInt("attempts"), rs.getString("error"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("sent_at") == null ? null : rs.getTimestamp("sent_at").toInstant()))
                .list();
    }

    /** A report taken from the outbox to be sent, and how many times that has been tried. */
    record Claimed(ImportFinished event, int attempts) {
    }
}
