package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import (one attempt of it) reached {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}.
 * Published by the ingest service on {@link Topics#IMPORTS}, keyed by the import id, once the
 * job's status is stored (and again after a crash before it knew the event was sent: the
 * notification service keeps one report per import and attempt). The notification service
 * emails the report to {@code reportTo}.
 *
 * @param reportTo      the email address of whoever started the job, or null when nobody is to be told
 * @param error         why a {@code FAILED} job stopped, or null
 * @param firstFailures the first failed rows in file order (at most {@link #MAX_FAILURES})
 */
@JsonTypeName("ImportFinished")
public record ImportFinished(
        int schemaVersion,
        UUID importId,
        int attempt,
        String status,
        String fileName,
        boolean dryRun,
        String submittedBy,
        String reportTo,
        Counts counts,
        String error,
        List<Failure> firstFailures,
        Instant finishedAt) implements ImportEvent {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_FAILURES = 10;

    public ImportFinished {
        firstFailures = firstFailures == null ? List.of() : List.copyOf(firstFailures);
    }

    /** How many rows ended each way. */
    public record Counts(int total, int created, int updated, int unchanged, int failed, int cancelled, int warnings) {
    }

    /** One failed row: which, and why. */
    public record Failure(int rowNumber, String loginId, String email, String reason) {
    }
}
