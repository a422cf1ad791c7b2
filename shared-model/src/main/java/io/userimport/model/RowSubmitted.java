package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * One row of an import, validated and ready to apply. Keyed by {@link Topics#userKey} of the
 * row's identity on {@link Topics#ROWS}. {@code (importId, rowNumber, attempt)} identifies the
 * event: a retry of a failed row is a new attempt, applied afresh.
 *
 * @param attempt           1 for the first time a row is submitted, one more for each retry
 * @param identifiedByEmail true when the file had no login id column and the email is the identity
 * @param sendWelcomeEmail  whether a user this row creates pending activation gets a welcome email
 * @param dryRun            true when the row is to be decided and reported, never applied
 * @param mirror            the mirror user's groups and business units, which a created user inherits
 *                          unless the row names its own; null when the import has no mirror user
 */
@JsonTypeName("RowSubmitted")
public record RowSubmitted(
        int schemaVersion,
        UUID importId,
        int rowNumber,
        int attempt,
        ImportMode mode,
        boolean identifiedByEmail,
        boolean sendWelcomeEmail,
        boolean dryRun,
        Memberships mirror,
        UserFields user) implements ImportEvent {

    public static final int SCHEMA_VERSION = 2;

    public RowSubmitted {
        attempt = Math.max(attempt, 1);
    }

    /** A first attempt of a row that is applied for real, without a mirror user. */
    public static RowSubmitted of(UUID importId, int rowNumber, ImportMode mode, boolean identifiedByEmail,
                                  boolean sendWelcomeEmail, UserFields user) {
        return new RowSubmitted(SCHEMA_VERSION, importId, rowNumber, 1, mode, identifiedByEmail, sendWelcomeEmail,
                false, null, user);
    }

    /** The value the row's user is identified by: the login id, or the email in a file without login ids. */
    public String identity() {
        return identifiedByEmail ? user.email() : user.loginId();
    }
}
