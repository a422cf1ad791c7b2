package io.userimport.ingest.config;

import io.userimport.kafka.ConsumerBacklog;
import io.userimport.kafka.DeadLetters;
import io.userimport.kafka.PipelineKafka;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The topics this service writes to, and how its listeners treat a record they cannot process. */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    /** Every topic of the pipeline (see {@link PipelineKafka#allTopics}). */
    @Bean
    KafkaAdmin.NewTopics topics(IngestProperties properties) {
        return PipelineKafka.allTopics(properties.topicPartitions(), properties.topicReplicas());
    }

    /** How far consumers are behind: the stall watch tells a busy worker from lost outcomes by it. */
    @Bean
    ConsumerBacklog consumerBacklog(KafkaAdmin admin) {
        return new ConsumerBacklog(admin.getConfigurationProperties());
    }

    @Bean
    DeadLetters deadLetters(KafkaAdmin admin, ConsumerBacklog backlog) {
        return new DeadLetters(admin.getConfigurationProperties(), backlog);
    }

    /** Dead-letters what cannot be processed, after {@link PipelineKafka#errorHandler}'s retries. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory) {
        return PipelineKafka.errorHandler(PipelineKafka.deadLetters(template, producerFactory));
    }
}
