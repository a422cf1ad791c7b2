package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * One row of an import, validated and ready to apply. Keyed by {@link Topics#userKey} of the
 * row's identity on {@link Topics#ROWS}.
 *
 * @param identifiedByEmail true when the file had no login id column and the email is the identity
 * @param sendWelcomeEmail  whether a user this row creates pending activation gets a welcome email
 */
@JsonTypeName("RowSubmitted")
public record RowSubmitted(
        int schemaVersion,
        UUID importId,
        int rowNumber,
        ImportMode mode,
        boolean identifiedByEmail,
        boolean sendWelcomeEmail,
        UserFields user) implements ImportEvent {

    public static final int SCHEMA_VERSION = 1;

    public static RowSubmitted of(UUID importId, int rowNumber, ImportMode mode, boolean identifiedByEmail,
                                  boolean sendWelcomeEmail, UserFields user) {
        return new RowSubmitted(SCHEMA_VERSION, importId, rowNumber, mode, identifiedByEmail, sendWelcomeEmail, user);
    }

    /** The value the row's user is identified by: the login id, or the email in a file without login ids. */
    public String identity() {
        return identifiedByEmail ? user.email() : user.loginId();
    }
}
