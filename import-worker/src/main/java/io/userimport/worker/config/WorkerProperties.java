package io.userimport.worker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's settings, under {@code app.worker}.
 *
 * @param retryFor        how long a batch that fails (the database is down, say) is retried before its rows
 *                        are failed and dead-lettered
 * @param topicPartitions partitions of the topics this service creates
 * @param topicReplicas   replication factor of the topics this service creates
 */
@ConfigurationProperties("app.worker")
public record WorkerProperties(
        @DefaultValue("30m") Duration retryFor,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}
