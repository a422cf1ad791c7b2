package io.userimport.ingest.imports;

import io.userimport.model.ImportMode;
import io.userimport.model.RowOutcome;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The import jobs table. Counters only move in SQL, so concurrent listeners never lose an increment. */
@Repository
class ImportJobs {

    private final JdbcClient jdbc;

    ImportJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, ImportOptions options, HeaderMapping header, Instant now) {
        jdbc.sql("""
                insert into import_job (id, status, mode, skip_invalid_rows, send_welcome_emails, identified_by_email,
                                        file_name, file_columns, file_warnings, submitted_by, submitted_at)
                values (:id, 'RECEIVED', :mode, :skip, :send, :byEmail, :fileName, :columns, :warnings, :by, :at)
                """)
                .param("id", id).param("mode", options.mode().name()).param("skip", options.skipInvalidRows())
                .param("send", options.sendWelcomeEmails()).param("byEmail", header.identifiedByEmail())
                .param("fileName", options.fileName()).param("columns", header.headers().toArray(String[]::new))
                .param("warnings", header.warnings().toArray(String[]::new)).param("by", options.submittedBy())
                .param("at", Timestamp.from(now))
                .update();
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.sql("select * from import_job where id = :id").param("id", id).query(ImportJobs::map).optional();
    }

    List<ImportJob> recent(int limit) {
        return jdbc.sql("select * from import_job order by submitted_at desc limit :limit").param("limit", limit)
                .query(ImportJobs::map).list();
    }

    /** Jobs that were staging or publishing when the service stopped, or that a broker outage interrupted. */
    List<UUID> unfinishedPublishing() {
        return jdbc.sql("""
                select id from import_job
                where status in ('RECEIVED', 'VALIDATING') or (status = 'RUNNING' and published_rows < total_rows)
                order by submitted_at
                """).query(UUID.class).list();
    }

    void markValidating(UUID id, Instant now) {
        jdbc.sql("update import_job set status = 'VALIDATING', started_at = coalesce(started_at, :now) where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    void markRunning(UUID id, int totalRows, int invalidRows) {
        jdbc.sql("""
                update import_job set status = 'RUNNING', total_rows = :total, invalid_rows = :invalid, published_rows = 0
                where id = :id
                """).param("id", id).param("total", totalRows).param("invalid", invalidRows).update();
    }

    void markFailed(UUID id, String error, Instant now) {
        jdbc.sql("update import_job set status = 'FAILED', error = :error, finished_at = :now where id = :id")
                .param("id", id).param("error", error).param("now", Timestamp.from(now)).update();
    }

    /** Records that rows up to {@code publishedRows} are on Kafka, so a resumed job starts after them. */
    void markPublished(UUID id, int publishedRows) {
        jdbc.sql("update import_job set published_rows = :n where id = :id").param("id", id).param("n", publishedRows)
                .update();
    }

    /** Adds the outcomes that just arrived for one job to its counters. */
    void addOutcomes(UUID id, Map<RowOutcome, Integer> outcomes, int withWarnings) {
        int processed = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        jdbc.sql("""
                update import_job set processed_rows = processed_rows + :processed,
                    created = created + :created, updated = updated + :updated, unchanged = unchanged + :unchanged,
                    failed = failed + :failed, warnings = warnings + :warnings
                where id = :id
                """)
                .param("id", id).param("processed", processed)
                .param("created", outcomes.getOrDefault(RowOutcome.CREATED, 0))
                .param("updated", outcomes.getOrDefault(RowOutcome.UPDATED, 0))
                .param("unchanged", outcomes.getOrDefault(RowOutcome.UNCHANGED, 0))
                .param("failed", outcomes.getOrDefault(RowOutcome.FAILED, 0))
                .param("warnings", withWarnings)
                .update();
    }

    /** Completes the running jobs among {@code ids} whose every row has its outcome; returns how many. */
    int completeFinished(Collection<UUID> ids, Instant now) {
        return jdbc.sql("""
                update import_job set status = 'COMPLETED', finished_at = :now
                where id = any(:ids) and status = 'RUNNING' and processed_rows >= total_rows
                """).param("ids", ids.toArray(UUID[]::new)).param("now", Timestamp.from(now)).update();
    }

    private static ImportJob map(ResultSet rs, int rowNum) throws SQLException {
        return new ImportJob(rs.getObject("id", UUID.class), ImportStatus.valueOf(rs.getString("status")),
                ImportMode.valueOf(rs.getString("mode")), rs.getBoolean("dry_run"), rs.getBoolean("skip_invalid_rows"),
                rs.getBoolean("send_welcome_emails"), rs.getBoolean("identified_by_email"), rs.getString("file_name"), strings(rs.getArray("file_columns")),
                strings(rs.getArray("file_warnings")), rs.getInt("total_rows"), rs.getInt("invalid_rows"),
                rs.getInt("published_rows"), rs.getInt("processed_rows"), rs.getInt("created"), rs.getInt("updated"),
                rs.getInt("unchanged"), rs.getInt("failed"), rs.getInt("warnings"), rs.getString("error"),
                rs.getString("submitted_by"), instant(rs.getTimestamp("submitted_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
