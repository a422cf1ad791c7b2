package io.userimport.notification.welcome;

import java.time.Instant;
import java.util.UUID;

/**
 * An email of an import: to whom, in what state ({@code PENDING}, {@code SENDING}, {@code SENT},
 * {@code FAILED}) and when.
 */
public record NotificationView(UUID importId, int rowNumber, String kind, String loginId, String recipient,
                               String status, int attempts, String error, Instant queuedAt, Instant sentAt) {
}
