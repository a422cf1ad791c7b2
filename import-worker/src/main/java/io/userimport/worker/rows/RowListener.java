package io.userimport.worker.rows;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes row events in batches. The batch is applied and committed to the database first,
 * then its outcomes are published and acknowledged by Kafka, and only then are the offsets
 * committed: a crash anywhere in between redelivers the batch, and the stored outcomes are
 * published again unchanged.
 */
@Component
class RowListener {

    private final RowApplier applier;
    private final KafkaTemplate<String, Object> kafka;
    private final MeterRegistry meterRegistry;

    RowListener(RowApplier applier, KafkaTemplate<String, Object> kafka, MeterRegistry meterRegistry) {
        this.applier = applier;
        this.kafka = kafka;
        this.meterRegistry = meterRegistry;
        for (RowOutcome outcome : RowOutcome.values()) {
            meterRegistry.counter("userimport.rows.applied", "outcome", outcome.name());
        }
    }

    @KafkaListener(id = "import-worker-rows", topics = Topics.ROWS)
    void onRows(List<ConsumerRecord<String, RowSubmitted>> records) {
        int unreadable = PipelineKafka.firstUnreadable(records);
        List<RowSubmitted> rows = records.subList(0, unreadable).stream().map(ConsumerRecord::value).toList();
        try {
            publish(applier.apply(rows));
        } catch (DataIntegrityViolationException e) {
            applyOneByOne(rows);
        }
        if (unreadable < records.size()) {
            // the error handler commits the rows before it, dead-letters it and goes on after it
            throw PipelineKafka.unreadable(records, unreadable);
        }
    }

    /**
     * A batch broke a constraint (a concurrent worker took an email, say): apply its rows one by
     * one so that the good ones go through and the error handler retries, then dead-letters,
     * only the row that keeps failing.
     */
    private void applyOneByOne(List<RowSubmitted> rows) {
        for (int i = 0; i < rows.size(); i++) {
            try {
                publish(applier.apply(List.of(rows.get(i))));
            } catch (DataIntegrityViolationException e) {
                throw new BatchListenerFailedException("Row " + rows.get(i).rowNumber() + " of import "
                        + rows.get(i).importId() + " breaks a directory constraint", e, i);
            }
        }
    }

    private void publish(List<RowProcessed> outcomes) {
        List<CompletableFuture<?>> sends = new ArrayList<>(outcomes.size());
        for (RowProcessed outcome : outcomes) {
            sends.add(kafka.send(Topics.RESULTS, Topics.userKey(outcome.loginId()), outcome));
            meterRegistry.counter("userimport.rows.applied", "outcome", outcome.outcome().name()).increment();
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }
}
