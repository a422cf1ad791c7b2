package io.userimport.worker.config;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.userimport.worker.rows.RowApplier;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The topics this service writes to, and what happens to a row event that cannot be applied. */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

    /** Every topic of the pipeline (see {@link PipelineKafka#allTopics}). */
    @Bean
    KafkaAdmin.NewTopics topics(WorkerProperties properties) {
        return PipelineKafka.allTopics(properties.topicPartitions(), properties.topicReplicas());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Retries and dead-letters as every service does ({@link PipelineKafka#errorHandler}); a row
     * event that still cannot be applied is then, when it can be read, stored and reported
     * {@code FAILED} with the cause ({@link RowApplier#refuse}): its import completes, the row can
     * be retried, and it is never applied afterwards should its event come again.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory, RowApplier applier) {
        DeadLetterPublishingRecoverer deadLetters = PipelineKafka.deadLetters(template, producerFactory);
        return PipelineKafka.errorHandler((ConsumerRecord<?, ?> record, Exception failure) -> {
            deadLetters.accept(record, failure);
            if (record.value() instanceof RowSubmitted row) {
                String cause = PipelineKafka.rootMessage(failure);
                log.error("Row {} of import {} could not be applied and is dead-lettered: {}", row.rowNumber(),
                        row.importId(), cause);
                String reason = "Could not be applied: " + cause;
                RowProcessed failed;
                try {
                    failed = applier.refuse(row, reason);
                } catch (RuntimeException e) {
                    if (PipelineKafka.isTransient(e)) {
                        throw e; // recovered again once the database is back
                    }
                    failed = RowProcessed.notApplied(row, RowOutcome.FAILED, reason, Instant.now()); // not even storable
                }
                for (String topic : Topics.forOutcome(failed)) {
                    template.send(topic, record.key(), failed).join();
                }
            }
        });
    }
}
