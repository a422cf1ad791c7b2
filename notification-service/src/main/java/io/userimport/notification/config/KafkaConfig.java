package io.userimport.notification.config;

import io.userimport.kafka.PipelineKafka;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The topics, the password hashing of the set-password page, and how this service's listener
 * treats a result event it cannot process (see {@link PipelineKafka#errorHandler}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    /** Every topic of the pipeline (see {@link PipelineKafka#allTopics}). */
    @Bean
    KafkaAdmin.NewTopics topics(NotificationProperties properties) {
        return PipelineKafka.allTopics(properties.topicPartitions(), properties.topicReplicas());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Hashes carry their algorithm ({@code {bcrypt}...}), as the directory expects. */
    @Bean
    PasswordEncoder passwordEncoder(NotificationProperties properties) {
        return new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(properties.passwordHashStrength())));
    }

    /** Dead-letters what cannot be processed, after {@link PipelineKafka#errorHandler}'s retries. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory) {
        return PipelineKafka.errorHandler(PipelineKafka.deadLetters(template, producerFactory));
    }
}
