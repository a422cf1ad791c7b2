package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of one attempt of one row. Published by the worker once the row is applied (or
 * found already applied: a redelivered row yields the same event again), and by the ingest
 * service for rows that failed review or were cancelled before they were published. Consumers
 * must treat {@code (importId, rowNumber, attempt)} as the identity of the event: it may arrive
 * more than once.
 *
 * @param userStatus       the status of the user the row created or updated; null when it failed
 * @param sendWelcomeEmail true when this outcome obliges a welcome email: the import asked for
 *                         them, it is no dry run, and the row left a native user pending activation
 * @param dryRun           true when nothing was applied: the outcome is what the row would have had
 * @param changes          what an {@code UPDATED} row changed (or would change, in a dry run)
 */
@JsonTypeName("RowProcessed")
public record RowProcessed(
        int schemaVersion,
        UUID importId,
        int rowNumber,
        int attempt,
        String loginId,
        String email,
        String firstName,
        String fullName,
        RowOutcome outcome,
        String reason,
        List<String> warnings,
        List<PropertyChange> changes,
        AuthType authType,
        UserStatus userStatus,
        boolean sendWelcomeEmail,
        boolean dryRun,
        Instant processedAt) implements ImportEvent {

    public static final int SCHEMA_VERSION = 2;
    /** The longest login id or email an outcome carries: a longer one (of a row that failed review) is cut. */
    public static final int MAX_IDENTITY = 254;

    public RowProcessed {
        attempt = Math.max(attempt, 1);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** A row that ends {@code FAILED} (or {@code CANCELLED}) without touching the directory. */
    public static RowProcessed notApplied(RowSubmitted row, RowOutcome outcome, String reason, Instant processedAt) {
        return notApplied(row.importId(), row.rowNumber(), row.attempt(), row.user().loginId(), row.user().email(),
                outcome, reason, row.dryRun(), processedAt);
    }

    public static RowProcessed notApplied(UUID importId, int rowNumber, int attempt, String loginId, String email,
                                          RowOutcome outcome, String reason, boolean dryRun, Instant processedAt) {
        return new RowProcessed(SCHEMA_VERSION, importId, rowNumber, attempt, cut(loginId), cut(email), null, null,
                outcome, reason, List.of(), List.of(), null, null, false, dryRun, processedAt);
    }

    private static String cut(String identity) {
        return identity == null || identity.length() <= MAX_IDENTITY ? identity : identity.substring(0, MAX_IDENTITY);
    }

    /**
     * Whether someone is to be told of this outcome: it failed, or obliges a welcome email, or is a
     * retry's (which may end a failure recorded before). A dry run's outcome never is. Such an
     * outcome is also published to {@link Topics#NOTEWORTHY_RESULTS}.
     */
    public boolean noteworthy() {
        return !dryRun && (outcome == RowOutcome.FAILED || welcomeEmailDue() || attempt > 1);
    }

    /** True when this outcome obliges a welcome email: a native user left pending activation by a real import. */
    public boolean welcomeEmailDue() {
        return sendWelcomeEmail && !dryRun && (outcome == RowOutcome.CREATED || outcome == RowOutcome.UPDATED)
                && authType == AuthType.NATIVE && userStatus == UserStatus.PENDING_ACTIVATION;
    }
}
