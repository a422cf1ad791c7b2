package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of one row. Published by the worker once the row is applied (or found already
 * applied: a redelivered row yields the same event again), and by the ingest service for rows
 * that failed review. Consumers must treat {@code (importId, rowNumber)} as the identity of
 * the event: it may arrive more than once.
 *
 * @param userStatus       the status of the user the row created or updated; null when it failed
 * @param sendWelcomeEmail whether the import asked for welcome emails
 */
@JsonTypeName("RowProcessed")
public record RowProcessed(
        int schemaVersion,
        UUID importId,
        int rowNumber,
        String loginId,
        String email,
        String firstName,
        String fullName,
        RowOutcome outcome,
        String reason,
        List<String> warnings,
        AuthType authType,
        UserStatus userStatus,
        boolean sendWelcomeEmail,
        Instant processedAt) implements ImportEvent {

    public static final int SCHEMA_VERSION = 1;

    public RowProcessed {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static RowProcessed failed(UUID importId, int rowNumber, String loginId, String email, String reason,
                                      Instant processedAt) {
        return new RowProcessed(SCHEMA_VERSION, importId, rowNumber, loginId, email, null, null,
                RowOutcome.FAILED, reason, List.of(), null, null, false, processedAt);
    }

    /** True when this outcome obliges a welcome email: a native user created pending activation. */
    public boolean welcomeEmailDue() {
        return sendWelcomeEmail && outcome == RowOutcome.CREATED && authType == AuthType.NATIVE
                && userStatus == UserStatus.PENDING_ACTIVATION;
    }
}
