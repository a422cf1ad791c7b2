package io.userimport.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's settings, under {@code app.worker}.
 *
 * @param topicPartitions partitions of the topics this service creates
 * @param topicReplicas   replication factor of the topics this service creates
 * @param warmUpRows      synthetic rows taken through the row path at start, then rolled back, so that the first
 *                        import does not pay for the code's first run (0: none)
 */
@ConfigurationProperties("app.worker")
public record WorkerProperties(
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue("500") int warmUpRows) {
}
