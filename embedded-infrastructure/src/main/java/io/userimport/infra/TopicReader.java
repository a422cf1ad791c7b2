package io.userimport.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning as text, for tests that check what a service published.
 * Each reader has its own consumer group, so it sees every record.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /**
     * Polls until the records whose value contains {@code filter} satisfy {@code done}, and
     * returns them.
     *
     * @throws AssertionError when {@code timeout} passes first
     */
    public List<ConsumerRecord<String, String>> readUntil(String filter,
                                                          Predicate<List<ConsumerRecord<String, String>>> done,
                                                          Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<ConsumerRecord<String, String>> matching = seen.stream()
                    .filter(record -> record.value() != null && record.value().contains(filter)).toList();
            if (done.test(matching)) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " with " + matching.size()
                        + " records containing " + filter + ": " + matching.stream().map(ConsumerRecord::value).toList());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Reads for {@code duration} and returns every record seen so far whose value contains {@code filter}. */
    public List<ConsumerRecord<String, String>> readFor(String filter, Duration duration) {
        Instant deadline = Instant.now().plus(duration);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen.stream().filter(record -> record.value() != null && record.value().contains(filter)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
