package io.userimport.notification.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The notification service's settings, under {@code app.notification}.
 *
 * @param from           the sender of welcome emails
 * @param setPasswordUrl the page a welcome email links to; the token is appended as {@code ?token=}
 * @param ingestUrl      the ingest service as people reach it: completion reports link to the job there
 * @param tokenValidity  how long a set-password link works
 * @param sendInterval   how often the outbox of welcome emails is polled
 * @param sendBatchSize  emails claimed per poll
 * @param sendBatchSizeWhileImporting emails claimed per poll while rows' outcomes are arriving (one
 *                       poll, not a drain): 50 a second by default, so that the import keeps the processor
 * @param maxAttempts    attempts to hand an email to the SMTP server before it is marked FAILED
 * @param sendLease      how long an email claimed for sending is left to its sender before another sends it
 * @param passwordHashStrength the BCrypt cost of the passwords users set through the welcome link
 * @param topicPartitions partitions of the pipeline's topics, when this service is the first to create them
 * @param topicReplicas   replication factor of the pipeline's topics, likewise
 */
@ConfigurationProperties("app.notification")
public record NotificationProperties(
        @DefaultValue("User Import <no-reply@userimport.local>") String from,
        @DefaultValue("http://localhost:8082/set-password") String setPasswordUrl,
        @DefaultValue("http://localhost:8080") java.net.URI ingestUrl,
        @DefaultValue("72h") Duration tokenValidity,
        @DefaultValue("500ms") Duration sendInterval,
        @DefaultValue("100") int sendBatchSize,
        @DefaultValue("25") int sendBatchSizeWhileImporting,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("5m") Duration sendLease,
        @DefaultValue("10") int passwordHashStrength,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}
