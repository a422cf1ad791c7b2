package io.userimport.ingest.imports;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.userimport.model.ImportMode;
import io.userimport.model.Memberships;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import job as clients see it.
 *
 * @param identifiedByEmail true when the file has no login_id column and the email identifies each user
 * @param mirrorUser     login id or email of the user whose memberships created users inherit, or null
 * @param mirror         the mirror user's groups and business units, captured when the job started; null before
 * @param attempt        1, then one more for each retry of the failed rows
 * @param totalRows      data rows in the file (the header is not counted), known once the file was read through
 * @param stagedRows     rows reviewed and staged so far; rows are published batch by batch as they are staged
 * @param invalidRows    rows that failed review; they end {@code FAILED} with their reason
 * @param publishedRows  rows of the current attempt known to be on Kafka
 * @param processedRows  rows that have their outcome
 * @param cancelled      rows not applied because the job was cancelled first
 * @param warnings       rows whose outcome carries a warning
 * @param fileWarnings   warnings about the file as a whole, such as ignored columns
 * @param error          why a {@code FAILED} job stopped, or what a running job is waiting for
 * @param submittedBy    the login id of the administrator who submitted it, or {@code system} for the schedule
 * @param scheduled      submitted by the schedule ({@code app.ingest.schedule})
 * @param rowsPerSecond  outcomes per second of the current attempt, from its first outcome until now (or its end);
 *                       null before a second of outcomes
 * @param secondsRemaining the estimated time until every row has its outcome, at that rate; null when unknown or
 *                       finished
 */
public record ImportJob(
        UUID id,
        ImportStatus status,
        ImportMode mode,
        boolean dryRun,
        boolean review,
        boolean skipInvalidRows,
        boolean sendWelcomeEmails,
        boolean identifiedByEmail,
        String mirrorUser,
        Memberships mirror,
        String fileName,
        List<String> fileColumns,
        List<String> fileWarnings,
        int attempt,
        int totalRows,
        int stagedRows,
        int invalidRows,
        int publishedRows,
        int processedRows,
        int created,
        int updated,
        int unchanged,
        int failed,
        int cancelled,
        int warnings,
        String error,
        String submittedBy,
        boolean scheduled,
        String cancelledBy,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Double rowsPerSecond,
        Long secondsRemaining) {

    /**
     * The job as a listing shows it: without its file's columns and warnings and its mirror
     * user's memberships (null), so that a page of jobs stays small whatever their files were.
     */
    ImportJob summary() {
        return new ImportJob(id, status, mode, dryRun, review, skipInvalidRows, sendWelcomeEmails, identifiedByEmail,
                mirrorUser, null, fileName, null, null, attempt, totalRows, stagedRows, invalidRows, publishedRows,
                processedRows, created, updated, unchanged, failed, cancelled, warnings, error, submittedBy, scheduled,
                cancelledBy, submittedAt, startedAt, finishedAt, rowsPerSecond, secondsRemaining);
    }

    /** Percentage of rows with an outcome, for progress bars; 100 once the job is finished. */
    @JsonProperty
    public int percentComplete() {
        if (status.isFinished()) {
            return 100;
        }
        return totalRows == 0 ? 0 : (int) Math.min(100, (processedRows * 100L) / totalRows);
    }
}
