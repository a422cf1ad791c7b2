package io.userimport.ingest.imports;

import io.userimport.model.ImportMode;
import io.userimport.model.Memberships;
import io.userimport.model.RowOutcome;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The import jobs table. Counters only move in SQL, so concurrent listeners never lose an
 * increment, and every change of status names the status it leaves, so two requests racing
 * (a cancel and the end of staging, say) cannot both win.
 */
@Repository
class ImportJobs {

    /**
     * A job's columns, with its rate: the outcomes of its current attempt per second since the
     * first of them arrived, until now or its end (null before a second has passed).
     */
    private static final String JOB = """
            *, case when extract(epoch from coalesce(finished_at, now()) - first_outcome_at) >= 1
                    then (processed_rows - attempt_base)
                         / extract(epoch from coalesce(finished_at, now()) - first_outcome_at) end as rows_per_second
            from import_job""";

    private final JdbcClient jdbc;

    ImportJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, ImportOptions options, HeaderMapping header, Instant now) {
        insert(id, options, header, null, now);
    }

    /** Records a job that failed before any of its rows could be read (a scheduled file that is missing, say). */
    void insertFailed(UUID id, ImportOptions options, String error, Instant now) {
        insert(id, options, null, error, now);
    }

    /** A job as received with its header, or, given an error and no header, already FAILED. */
    private void insert(UUID id, ImportOptions options, HeaderMapping header, String error, Instant now) {
        jdbc.sql("""
                insert into import_job (id, status, mode, mirror_user, dry_run, review, skip_invalid_rows,
                                        send_welcome_emails, identified_by_email, file_name, file_columns,
                                        file_warnings, error, submitted_by, submitted_by_email, scheduled,
                                        submitted_at, finished_at)
                values (:id, :status, :mode, :mirror, :dryRun, :review, :skip, :send, :byEmail, :fileName, :columns,
                        :warnings, :error, :by, :email, :scheduled, :at, :finished)
                """)
                .param("id", id).param("status", error == null ? "RECEIVED" : "FAILED")
                .param("mode", options.mode().name()).param("mirror", options.mirrorUser())
                .param("dryRun", options.dryRun()).param("review", options.review())
                .param("skip", options.skipInvalidRows()).param("send", options.sendWelcomeEmails())
                .param("byEmail", header != null && header.identifiedByEmail()).param("fileName", options.fileName())
                .param("columns", header == null ? new String[0] : header.headers().toArray(String[]::new))
                .param("warnings", header == null ? new String[0] : header.warnings().toArray(String[]::new))
                .param("error", error).param("by", options.submittedBy())
                .param("email", options.submittedByEmail()).param("scheduled", options.scheduled())
                .param("at", Timestamp.from(now)).param("finished", error == null ? null : Timestamp.from(now))
                .update();
    }

    /** Finished jobs whose current attempt's report is not known to be on Kafka yet, oldest first. */
    List<Unreported> unreported(int limit) {
        return jdbc.sql("""
                select %s
                where status in ('COMPLETED', 'FAILED', 'CANCELLED') and reported_attempt < attempt
                order by finished_at limit :limit
                """.formatted(JOB)).param("limit", limit)
                .query((rs, n) -> new Unreported(map(rs, n), rs.getString("submitted_by_email")))
                .list();
    }

    void markReported(UUID id, int attempt) {
        jdbc.sql("update import_job set reported_attempt = greatest(reported_attempt, :attempt) where id = :id")
                .param("id", id).param("attempt", attempt).update();
    }

    /** A finished job not yet reported, and where its report goes. */
    record Unreported(ImportJob job, String reportTo) {
    }

    /** A scheduled job that has not finished yet, if any. */
    Optional<UUID> unfinishedScheduled() {
        return jdbc.sql("""
                select id from import_job where scheduled and status not in ('COMPLETED', 'FAILED', 'CANCELLED')
                order by submitted_at limit 1
                """).query(UUID.class).optional();
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.sql("select " + JOB + " where id = :id").param("id", id).query(ImportJobs::map).optional();
    }

    /** A page of jobs, newest first. */
    List<ImportJob> recent(int limit, long offset) {
        return jdbc.sql("select " + JOB + " order by submitted_at desc, id limit :limit offset :offset")
                .param("limit", limit).param("offset", offset).query(ImportJobs::map).list();
    }

    long count() {
        return jdbc.sql("select count(*) from import_job").query(Long.class).single();
    }

    /**
     * Jobs that were staging or publishing when the service stopped, that a broker or directory
     * outage interrupted, or whose cancellation the worker may not have heard of yet.
     */
    List<UUID> unfinishedPublishing() {
        return jdbc.sql("""
                select id from import_job
                where status in ('RECEIVED', 'VALIDATING') or status = 'CANCELLING'
                   or (status = 'RUNNING' and (published_rows < total_rows or staged_rows < total_rows))
                order by submitted_at
                """).query(UUID.class).list();
    }

    /** Review begins (again, after a stop): nothing of the file is staged. */
    void markValidating(UUID id, Instant now) {
        jdbc.sql("""
                update import_job set status = 'VALIDATING', started_at = coalesce(started_at, :now), staged_rows = 0,
                                      invalid_rows = 0, total_rows = 0
                where id = :id and status in ('RECEIVED', 'VALIDATING')
                """).param("id", id).param("now", Timestamp.from(now)).update();
    }

    /**
     * The file was read through and holds {@code totalRows} rows; with {@code running} the job
     * starts at once and its rows are published as they are staged. False when it was cancelled.
     */
    boolean markScanned(UUID id, int totalRows, boolean running) {
        return jdbc.sql("""
                update import_job set total_rows = :total, status = case when :running then 'RUNNING' else status end
                where id = :id and status = 'VALIDATING'
                """).param("id", id).param("total", totalRows).param("running", running).update() == 1;
    }

    /** Rows up to {@code stagedRows} are staged, {@code invalid} more of them failed review. */
    void markStagedUpTo(UUID id, int stagedRows, int invalid) {
        jdbc.sql("update import_job set staged_rows = :n, invalid_rows = invalid_rows + :invalid where id = :id")
                .param("id", id).param("n", stagedRows).param("invalid", invalid).update();
    }

    /** Ends staging: the job waits for review, or starts; false when it was cancelled meanwhile. */
    boolean markStaged(UUID id, ImportStatus next) {
        return jdbc.sql("""
                update import_job set status = :next, published_rows = 0
                where id = :id and status = 'VALIDATING'
                """).param("id", id).param("next", next.name()).update() == 1;
    }

    /** Starts a job held for review, with the mirror user chosen then (if any); false when it was not held. */
    boolean start(UUID id, String mirrorUser) {
        return jdbc.sql("""
                update import_job set status = 'RUNNING', mirror_user = coalesce(:mirror, mirror_user)
                where id = :id and status = 'AWAITING_REVIEW'
                """).param("id", id).param("mirror", mirrorUser).update() == 1;
    }

    void captureMirror(UUID id, Memberships mirror) {
        jdbc.sql("""
                update import_job set mirror_groups = :groups, mirror_business_units = :units, error = null
                where id = :id
                """).param("id", id).param("groups", mirror.groups().toArray(String[]::new))
                .param("units", mirror.businessUnits().toArray(String[]::new)).update();
    }

    /** Says what an unfinished job waits for (null when it waits for nothing), without changing its status. */
    void setWaiting(UUID id, String waitingFor) {
        jdbc.sql("""
                update import_job set error = :error, waiting = :error is not null
                where id = :id and status not in ('COMPLETED', 'FAILED', 'CANCELLED')
                """).param("id", id).param("error", waitingFor).update();
    }

    /** The job went as far as it could: it waits for nothing, and the interruptions before are forgiven. */
    void clearWaiting(UUID id) {
        jdbc.sql("""
                update import_job set error = case when waiting then null else error end, waiting = false,
                                      interruptions = 0
                where id = :id and (waiting or interruptions > 0)
                """).param("id", id).update();
    }

    /** Counts one more unexpected error of the job in a row and returns how many there were. */
    int interrupted(UUID id) {
        return jdbc.sql("update import_job set interruptions = interruptions + 1 where id = :id returning interruptions")
                .param("id", id).query(Integer.class).optional().orElse(0);
    }

    /**
     * Running jobs, every row published, that have had no outcome for {@code quiet} (twice as long
     * after each time their rows were sent again, up to 16 times as long).
     */
    List<Stalled> stalled(Duration quiet) {
        return jdbc.sql("""
                select id, total_rows - processed_rows as missing, republished,
                       extract(epoch from now() - coalesce(last_progress_at, started_at)) as quiet_seconds
                from import_job
                where status = 'RUNNING' and published_rows >= total_rows and processed_rows < total_rows
                  and coalesce(last_progress_at, started_at)
                      < now() - make_interval(secs => :quiet * power(2, least(republished, 4)))
                order by submitted_at
                """).param("quiet", quiet.toSeconds())
                .query((rs, n) -> new Stalled(rs.getObject("id", UUID.class), rs.getInt("missing"),
                        rs.getInt("republished"),
                        Duration.ofSeconds(rs.getLong("quiet_seconds"))))
                .list();
    }

    /** Records that the rows of a stalled job without an outcome were sent again, and says so. */
    void markRepublished(UUID id, String waitingFor) {
        jdbc.sql("""
                update import_job set republished = republished + 1, last_progress_at = now(), error = :error,
                                      waiting = true
                where id = :id and status = 'RUNNING'
                """).param("id", id).param("error", waitingFor).update();
    }

    /** A running job whose outcomes stopped arriving. */
    record Stalled(UUID id, int missing, int republished, Duration quiet) {
    }

    /** Fails a job whose rows failed review and may not be skipped: every row counts as processed and failed. */
    void markRefused(UUID id, int total, int invalid, String error, Instant now) {
        jdbc.sql("""
                update import_job set status = 'FAILED', error = :error, waiting = false, finished_at = :now,
                                      total_rows = :total,
                                      invalid_rows = :invalid, processed_rows = :invalid, failed = :invalid
                where id = :id and status not in ('COMPLETED', 'FAILED', 'CANCELLED')
                """).param("id", id).param("error", error).param("now", Timestamp.from(now)).param("total", total)
                .param("invalid", invalid).update();
    }

    void markFailed(UUID id, String error, Instant now) {
        jdbc.sql("""
                update import_job set status = 'FAILED', error = :error, waiting = false, finished_at = :now
                where id = :id and status not in ('COMPLETED', 'FAILED', 'CANCELLED')
                """).param("id", id).param("error", error).param("now", Timestamp.from(now)).update();
    }

    /**
     * Cancels a job that has not started applying rows: it ends {@code CANCELLED} at once.
     * False when the job is past that point.
     */
    boolean cancelBeforeStart(UUID id, ImportStatus from, String by, Instant now) {
        return jdbc.sql("""
                update import_job set status = 'CANCELLED', cancelled_by = :by, finished_at = :now
                where id = :id and status = :from and status in ('RECEIVED', 'VALIDATING', 'AWAITING_REVIEW')
                """).param("id", id).param("from", from.name()).param("by", by).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Cancels a running job: it ends {@code CANCELLED} once the rows in flight have their outcomes. */
    boolean cancelRunning(UUID id, String by) {
        return jdbc.sql("""
                update import_job set status = 'CANCELLING', cancelled_by = :by
                where id = :id and status = 'RUNNING'
                """).param("id", id).param("by", by).update() == 1;
    }

    /** Opens a new attempt for {@code rows} failed rows that were just reset: the counters give them back. */
    boolean startRetry(UUID id, int attempt, int rows) {
        return jdbc.sql("""
                update import_job set status = 'RUNNING', attempt = :attempt, published_rows = 0, finished_at = null,
                       failed = failed - :rows, processed_rows = processed_rows - :rows, error = null,
                       waiting = false, republished = 0, last_progress_at = now(), first_outcome_at = null,
                       attempt_base = processed_rows - :rows
                where id = :id and status = 'COMPLETED' and attempt = :attempt - 1
                """).param("id", id).param("attempt", attempt).param("rows", rows).update() == 1;
    }

    /**
     * Records that the rows of the current attempt up to row {@code publishedRows} are on Kafka, so
     * a resumed job starts after them; the total row count once every row is.
     */
    void markPublished(UUID id, int publishedRows) {
        jdbc.sql("update import_job set published_rows = :n, last_progress_at = now() where id = :id").param("id", id)
                .param("n", publishedRows).update();
    }

    /** Adds the outcomes that just arrived for one job to its counters. */
    void addOutcomes(UUID id, Map<RowOutcome, Integer> outcomes, int withWarnings) {
        int processed = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        jdbc.sql("""
                update import_job set processed_rows = processed_rows + :processed,
                    created = created + :created, updated = updated + :updated, unchanged = unchanged + :unchanged,
                    failed = failed + :failed, cancelled = cancelled + :cancelled, warnings = warnings + :warnings,
                    last_progress_at = now(), republished = 0, first_outcome_at = coalesce(first_outcome_at, now()),
                    error = case when waiting then null else error end, waiting = false
                where id = :id
                """)
                .param("id", id).param("processed", processed)
                .param("created", outcomes.getOrDefault(RowOutcome.CREATED, 0))
                .param("updated", outcomes.getOrDefault(RowOutcome.UPDATED, 0))
                .param("unchanged", outcomes.getOrDefault(RowOutcome.UNCHANGED, 0))
                .param("failed", outcomes.getOrDefault(RowOutcome.FAILED, 0))
                .param("cancelled", outcomes.getOrDefault(RowOutcome.CANCELLED, 0))
                .param("warnings", withWarnings)
                .update();
    }

    /** Ends the running or cancelling jobs among {@code ids} whose every row has its outcome; returns how many. */
    int completeFinished(Collection<UUID> ids, Instant now) {
        return jdbc.sql("""
                update import_job
                set status = case when status = 'CANCELLING' then 'CANCELLED' else 'COMPLETED' end, finished_at = :now,
                    error = case when waiting then null else error end, waiting = false
                where id = any(:ids) and status in ('RUNNING', 'CANCELLING') and processed_rows >= total_rows
                """).param("ids", ids.toArray(UUID[]::new)).param("now", Timestamp.from(now)).update();
    }

    private static ImportJob map(ResultSet rs, int rowNum) throws SQLException {
        double perSecond = rs.getDouble("rows_per_second");
        Double rate = rs.wasNull() ? null : Math.round(perSecond * 10) / 10.0;
        boolean running = !ImportStatus.valueOf(rs.getString("status")).isFinished();
        Long remaining = rate == null || rate <= 0 || !running ? null
                : (long) Math.ceil((rs.getInt("total_rows") - rs.getInt("processed_rows")) / rate);
        Array mirrorGroups = rs.getArray("mirror_groups");
        Memberships mirror = mirrorGroups == null ? null
                : new Memberships(strings(mirrorGroups), strings(rs.getArray("mirror_business_units")));
        return new ImportJob(rs.getObject("id", UUID.class), ImportStatus.valueOf(rs.getString("status")),
                ImportMode.valueOf(rs.getString("mode")), rs.getBoolean("dry_run"), rs.getBoolean("review"),
                rs.getBoolean("skip_invalid_rows"), rs.getBoolean("send_welcome_emails"),
                rs.getBoolean("identified_by_email"), rs.getString("mirror_user"), mirror, rs.getString("file_name"),
                strings(rs.getArray("file_columns")), strings(rs.getArray("file_warnings")), rs.getInt("attempt"),
                rs.getInt("total_rows"), rs.getInt("staged_rows"), rs.getInt("invalid_rows"), rs.getInt("published_rows"),
                rs.getInt("processed_rows"), rs.getInt("created"), rs.getInt("updated"), rs.getInt("unchanged"),
                rs.getInt("failed"), rs.getInt("cancelled"), rs.getInt("warnings"), rs.getString("error"),
                rs.getString("submitted_by"), rs.getBoolean("scheduled"), rs.getString("cancelled_by"),
                instant(rs.getTimestamp("submitted_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rate, remaining);
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
