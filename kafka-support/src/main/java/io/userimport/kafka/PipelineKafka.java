package io.userimport.kafka;

import io.userimport.model.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/** The Kafka plumbing that every service of the pipeline does the same way. */
public final class PipelineKafka {

    private static final LogAccessor LOG = new LogAccessor(PipelineKafka.class);

    private PipelineKafka() {
    }

    /**
     * Every topic of the pipeline ({@link Topics#ALL}). Each service declares them all, so they
     * exist with the same partition count before any listener subscribes; an existing topic is
     * left as it is.
     */
    public static KafkaAdmin.NewTopics allTopics(int partitions, short replicas) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(name -> TopicBuilder.name(name).partitions(partitions).replicas(replicas).build())
                .toArray(NewTopic[]::new));
    }

    /**
     * Publishes a record that cannot be processed to its topic's dead letter topic
     * ({@link Topics#deadLetterOf}), same partition. A record that could not even be read keeps
     * its original bytes; any other is written as JSON.
     */
    public static DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<Object, Object> template,
                                                            ProducerFactory<Object, Object> producerFactory) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, new KafkaTemplate<>(producerFactory,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        templates.put(Object.class, template);
        return new DeadLetterPublishingRecoverer(templates,
                (record, failure) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
    }

    /** The index of the first record of a batch whose value could not be read, or the batch size. */
    public static int firstUnreadable(List<? extends ConsumerRecord<?, ?>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                return i;
            }
        }
        return records.size();
    }

    /**
     * Fails a batch at its first unreadable record, if any. The error handler then commits the
     * records before it, dead-letters it without retrying (its cause is a deserialization
     * failure) and redelivers the rest.
     */
    public static void requireReadable(List<? extends ConsumerRecord<?, ?>> records) {
        int index = firstUnreadable(records);
        if (index < records.size()) {
            throw unreadable(records, index);
        }
    }

    public static BatchListenerFailedException unreadable(List<? extends ConsumerRecord<?, ?>> records, int index) {
        return new BatchListenerFailedException("Unreadable event on " + records.get(index).topic(),
                SerializationUtils.getExceptionFromHeader(records.get(index),
                        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG), index);
    }
}
