package io.userimport.ingest.config;

import io.userimport.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The topics this service writes to, and how its listeners treat a record they cannot process. */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    @Bean
    NewTopic rowsTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.ROWS).partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas()).build();
    }

    @Bean
    NewTopic resultsTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.RESULTS).partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas()).build();
    }

    @Bean
    NewTopic resultsDeadLetterTopic(IngestProperties properties) {
        return TopicBuilder.name(Topics.RESULTS + ".DLT").partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas()).build();
    }

    /**
     * Retries a failing batch with backoff (the database may be restarting); a record that still
     * fails, or cannot be read at all, goes to {@code user-import.results.v1.DLT} instead of
     * blocking its partition.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> template) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(300_000);
        return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), backOff);
    }
}
