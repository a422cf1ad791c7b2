package io.userimport.notification.failures;

import java.time.Instant;
import java.util.UUID;

/** A failed row as collected for its import. */
public record FailureView(UUID importId, int rowNumber, String loginId, String email, String reason,
                          Instant recordedAt) {
}
