package io.userimport.notification.failures;

import io.userimport.model.RowProcessed;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The failed rows of every import, each recorded once. */
@Repository
public class Failures {

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    Failures(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /**
     * Records each failed row's latest attempt; a redelivered or older attempt changes nothing.
     * The batch is first reduced to one event per row: the driver sends it as one multi-row
     * insert, in which PostgreSQL refuses to update the same row twice.
     */
    public void record(List<RowProcessed> events) {
        Map<String, RowProcessed> latest = new LinkedHashMap<>();
        events.forEach(event -> latest.merge(event.importId() + "/" + event.rowNumber(), event,
                (a, b) -> b.attempt() > a.attempt() ? b : a));
        List<RowProcessed> failed = List.copyOf(latest.values());
        jdbcTemplate.batchUpdate("""
                insert into import_failure (import_id, row_number, attempt, login_id, email, reason, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (import_id, row_number) do update
                set attempt = excluded.attempt, reason = excluded.reason, recorded_at = excluded.recorded_at
                where import_failure.attempt < excluded.attempt
                """, failed, failed.size(), (PreparedStatement ps, RowProcessed event) -> {
            ps.setObject(1, event.importId());
            ps.setInt(2, event.rowNumber());
            ps.setInt(3, event.attempt());
            ps.setString(4, event.loginId());
            ps.setString(5, event.email());
            ps.setString(6, event.reason());
            ps.setTimestamp(7, Timestamp.from(event.processedAt()));
        });
    }

    /** Forgets the failures of rows that a later attempt applied. */
    public void forgetRetried(List<RowProcessed> applied) {
        jdbcTemplate.batchUpdate("""
                delete from import_failure where import_id = ? and row_number = ? and attempt < ?
                """, applied, applied.size(), (PreparedStatement ps, RowProcessed event) -> {
            ps.setObject(1, event.importId());
            ps.setInt(2, event.rowNumber());
            ps.setInt(3, event.attempt());
        });
    }

    /** The failures after row {@code afterRow}, at most {@code size}, in file order. */
    List<FailureView> list(UUID importId, int afterRow, int size) {
        return jdbc.sql("""
                select row_number, login_id, email, reason, recorded_at from import_failure
                where import_id = :id and row_number > :after order by row_number limit :size
                """).param("id", importId).param("after", afterRow).param("size", size)
                .query((rs, n) -> new FailureView(importId, rs.getInt("row_number"), rs.getString("login_id"),
                        rs.getString("email"), rs.getString("reason"), rs.getTimestamp("recorded_at").toInstant()))
                .list();
    }

    long count(UUID importId) {
        return jdbc.sql("select count(*) from import_failure where import_id = :id").param("id", importId)
                .query(Long.class).single();
    }
}
