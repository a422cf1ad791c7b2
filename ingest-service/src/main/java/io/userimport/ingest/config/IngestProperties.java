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
 * @param schedule             the scheduled import, if any
 */
@ConfigurationProperties("app.ingest")
public record IngestProperties(
        Path storageDir,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("2") int concurrentImports,
        @DefaultValue("10") int passwordHashStrength,
        @DefaultValue("30s") Duration resumeInterval,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue Schedule schedule) {

    /**
     * An import that runs by itself, like the seed product's scheduled operation: the file at
     * {@code file} is imported in {@code UPSERT} mode as {@code system} whenever {@code cron} says.
     *
     * @param file              the CSV file to import; no schedule when unset
     * @param cron              a Spring cron expression (six fields, seconds first), such as {@code 0 0 2 * * *}
     * @param zone              the time zone of the cron expression
     * @param reportTo          where the completion report of each run goes; none when unset
     * @param sendWelcomeEmails whether users the schedule creates get a welcome email
     */
    public record Schedule(Path file, @DefaultValue("0 0 2 * * *") String cron, @DefaultValue("UTC") String zone,
                           String reportTo, @DefaultValue("true") boolean sendWelcomeEmails) {
    }
}
