package io.userimport.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's settings, under {@code app.worker}.
 *
 * @param topicPartitions partitions of the topics this service creates
 * @param topicReplicas   replication factor of the topics this service creates
 */
@ConfigurationProperties("app.worker")
public record WorkerProperties(
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}
