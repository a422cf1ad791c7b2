package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * A user created pending activation chose a password through the welcome email's link.
 * Published by the notification service on {@link Topics#ACTIVATIONS}; the worker makes the
 * user {@code ACTIVE} with this password hash. Carries a hash, never a password.
 *
 * @param importId  the import that created the user
 * @param rowNumber the row that created the user
 */
@JsonTypeName("UserActivated")
public record UserActivated(
        int schemaVersion,
        UUID importId,
        int rowNumber,
        String loginId,
        String passwordHash,
        Instant activatedAt) implements ImportEvent {

    public static final int SCHEMA_VERSION = 1;

    public static UserActivated of(UUID importId, int rowNumber, String loginId, String passwordHash, Instant at) {
        return new UserActivated(SCHEMA_VERSION, importId, rowNumber, loginId, passwordHash, at);
    }

    @Override
    public String toString() {
        return "UserActivated[importId=" + importId + ", rowNumber=" + rowNumber + ", loginId=" + loginId + "]";
    }
}
