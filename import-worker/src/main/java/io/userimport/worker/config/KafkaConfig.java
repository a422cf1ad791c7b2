package io.userimport.worker.config;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

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
     * Retries a failing batch with exponential backoff for {@code app.worker.retry-for} (the
     * database may be restarting). A row event that still fails, or cannot be read at all, is
     * dead-lettered to {@link Topics#ROWS_DEAD_LETTER} and, when it can be read, reported
     * {@code FAILED} with the cause, so its import still completes and the row can be retried.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
                                          ProducerFactory<Object, Object> producerFactory, WorkerProperties properties,
                                          Clock clock) {
        DeadLetterPublishingRecoverer deadLetters = PipelineKafka.deadLetters(template, producerFactory);
        ConsumerRecordRecoverer recoverer = (ConsumerRecord<?, ?> record, Exception failure) -> {
            deadLetters.accept(record, failure);
            if (record.value() instanceof RowSubmitted row) {
                String cause = NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
                log.error("Row {} of import {} could not be applied and is dead-lettered: {}", row.rowNumber(),
                        row.importId(), cause);
                try {
                    template.send(Topics.RESULTS, record.key(), RowProcessed.notApplied(row, RowOutcome.FAILED,
                            "Could not be applied: " + cause, clock.instant())).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("Could not report the failed row", e);
                }
            }
        };
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2);
        backOff.setMaxInterval(60_000);
        backOff.setMaxElapsedTime(properties.retryFor().toMillis());
        return new DefaultErrorHandler(recoverer, backOff);
    }
}
