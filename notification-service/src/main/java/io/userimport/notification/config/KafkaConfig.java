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
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The topics, the password hashing of the set-password page, and how this service's listener
 * treats a result event it cannot process: retried with backoff, then dead-lettered to
 * {@code user-import.results.v1.DLT} (unreadable records keep their original bytes there).
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

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(600_000);
        return new DefaultErrorHandler(PipelineKafka.deadLetters(template, producerFactory), backOff);
    }
}
