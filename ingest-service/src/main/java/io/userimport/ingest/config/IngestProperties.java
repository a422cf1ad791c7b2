package io.userimport.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingest service's settings, under {@code app.ingest}.
 *
 * @param storageDir           where uploads wait until their rows are staged in the database (then they are deleted)
 * @param batchSize            rows per database batch and per Kafka flush while staging and publishing
 * @param concurrentImports    how many imports are staged and published at the same time
 * @param passwordHashStrength the BCrypt cost of the password hashes made from the file's passwords
 * @param resumeInterval       how often unfinished imports (after a restart or a broker outage) are resumed
 * @param topicPartitions      partitions of the topics this service creates
 * @param topicReplicas        replication factor of the topics this service creates
 */
@ConfigurationProperties("app.ingest")
public record IngestProperties(
        Path storageDir,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("2") int concurrentImports,
        @DefaultValue("10") int passwordHashStrength,
        @DefaultValue("30s") Duration resumeInterval,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}
