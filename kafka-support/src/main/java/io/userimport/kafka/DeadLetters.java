package io.userimport.kafka;

import io.userimport.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The dead letter topics of the pipeline, and their replay: every record dead-lettered since
 * the last replay is sent back to the topic it came from, with its key and its bytes as they
 * were (an unreadable record too: it may be readable by a fixed consumer), and its consumers
 * process it again. Every consumer of the pipeline is idempotent, so a record replayed after its
 * cause was gone counts once; one whose cause remains is dead-lettered again, and waits for the
 * next replay. A consumer group of its own remembers how far replays went.
 */
public final class DeadLetters {

    /** The consumer group that remembers which dead letters were replayed. */
    public static final String REPLAY_GROUP = "user-import-dead-letter-replay";
    private static final Duration MAX_REPLAY = Duration.ofMinutes(2);

    private final Map<String, Object> clientConfig;
    private final ConsumerBacklog backlog;

    /** @param clientConfig the connection settings of a client (those of Spring's {@code KafkaAdmin}) */
    public DeadLetters(Map<String, Object> clientConfig, ConsumerBacklog backlog) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.backlog = backlog;
    }

    /** Every dead letter topic of the pipeline. */
    public static List<String> topics() {
        return Topics.ALL.stream().filter(topic -> topic.endsWith(Topics.deadLetterOf(""))).toList();
    }

    /** For each dead letter topic, how many of its records were not replayed yet (null when the broker cannot say). */
    public Map<String, Long> pending() {
        Map<String, Long> pending = new LinkedHashMap<>();
        for (String topic : topics()) {
            OptionalLong count = backlog.of(REPLAY_GROUP, topic);
            pending.put(topic, count.isPresent() ? count.getAsLong() : null);
        }
        return pending;
    }

    /** Replays every dead letter not replayed yet and returns how many of each topic were sent back. */
    public synchronized Map<String, Integer> replay() {
        Map<String, Integer> replayed = new LinkedHashMap<>();
        topics().forEach(topic -> replayed.put(topic, 0));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            List<TopicPartition> partitions = topics().stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(MAX_REPLAY);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The dead letters could not be read within " + MAX_REPLAY);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        producer.send(new ProducerRecord<>(originalTopic(record.topic()), null, record.key(),
                                record.value(), withoutDeadLetterHeaders(record)));
                        replayed.merge(record.topic(), 1, Integer::sum);
                    }
                }
            }
            producer.flush();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            ends.forEach((partition, end) -> done.put(partition, new OffsetAndMetadata(end)));
            consumer.commitSync(done);
        }
        return replayed;
    }

    private static String originalTopic(String deadLetterTopic) {
        return deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.deadLetterOf("").length());
    }

    /** The record's headers without those the dead-lettering added (its exception, its origin). */
    private static RecordHeaders withoutDeadLetterHeaders(ConsumerRecord<?, ?> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")
                    && !header.key().startsWith("springDeserializerException")) {
                headers.add(header);
            }
        }
        return headers;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
