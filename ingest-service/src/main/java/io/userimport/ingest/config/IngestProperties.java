package io.userimport.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingest service's settings, under {@code app.ingest}.
 *
 * @param storageDir           where uploads wait until their rows are staged in the database (then they are deleted)
 * @param batchSize            the most rows per database batch and per Kafka flush while staging and publishing;
 *                             staging starts at a quarter of it and doubles each batch
 * @param concurrentImports    how many imports are staged and published at the same time
 * @param passwordHashStrength the BCrypt cost of the password hashes made from the file's passwords
 * @param resumeInterval       how often unfinished imports (after a restart or a broker outage) are resumed
 * @param topicPartitions      partitions of the topics this service creates
 * @param topicReplicas        replication factor of the topics this service creates
 * @param maxRowChars          the longest row a file may have, in characters: a longer one fails its file,
 *                             naming the row (no parser can find the next row after it), and bounds the memory a
 *                             row takes; rows far shorter than this still fail review when they cannot be sent
 * @param maxRows              the most rows a file may have (a compressed file may expand a thousandfold)
 * @param stallAfter           how long a running job may go without an outcome before it is looked after: it
 *                             says what it waits for, and the rows the worker read without an outcome are sent again
 * @param maxRepublishes       how often such rows are sent again (each time after twice as long) before the job
 *                             only waits, pointing at the dead letters
 * @param workerGroup          the worker's consumer group on the row topic, whose backlog tells a busy or stopped
 *                             worker from lost outcomes
 * @param progressInterval     how often {@code GET /api/imports/{id}/events} sends a running job's progress
 * @param warmUpRows           synthetic rows taken through the row path at start, then rolled back, so that the
 *                             first import does not pay for the code's first run (0: none)
 * @param schedule             the scheduled import, if any
 */
@ConfigurationProperties("app.ingest")
public record IngestProperties(
        Path storageDir,
        @DefaultValue("4000") int batchSize,
        @DefaultValue("2") int concurrentImports,
        @DefaultValue("10") int passwordHashStrength,
        @DefaultValue("30s") Duration resumeInterval,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue("4000000") long maxRowChars,
        @DefaultValue("20000000") int maxRows,
        @DefaultValue("2m") Duration stallAfter,
        @DefaultValue("3") int maxRepublishes,
        @DefaultValue("import-worker-rows") String workerGroup,
        @DefaultValue("1s") Duration progressInterval,
        @DefaultValue("500") int warmUpRows,
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
