package io.userimport.ingest.config;

import io.userimport.kafka.PipelineKafka;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The topics this service writes to, and how its listeners treat a record they cannot process. */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    /** Every topic of the pipeline (see {@link PipelineKafka#allTopics}). */
    @Bean
    KafkaAdmin.NewTopics topics(IngestProperties properties) {
        return PipelineKafka.allTopics(properties.topicPartitions(), properties.topicReplicas());
    }

    /**
     * Retries a failing batch with backoff (the database may be restarting); a record that still
     * fails, or cannot be read at all, goes to {@code user-import.results.v1.DLT} instead of
     * blocking its partition (an unreadable one with its original bytes).
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(300_000);
        return new DefaultErrorHandler(PipelineKafka.deadLetters(template, producerFactory), backOff);
    }
}
