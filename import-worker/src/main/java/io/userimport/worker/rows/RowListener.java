package io.userimport.worker.rows;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes row events in batches. The batch is applied and committed to the database first,
 * then its outcomes are published and acknowledged by Kafka, and only then are the offsets
 * committed: a crash anywhere in between redelivers the batch, and the stored outcomes are
 * published again unchanged.
 *
 * <p>Failures are told apart. When the database or the broker cannot answer, the batch waits
 * and is retried until it passes ({@link PipelineKafka#errorHandler}); no row fails for it. A
 * row the directory refuses (a value or constraint its checks did not foresee) fails alone, at
 * once, with the database's reason. Any other error of a row is retried twice, then the row is
 * dead-lettered and fails ({@code KafkaConfig}). Either way the other rows go on.
 */
@Component
class RowListener {

    private static final Logger log = LoggerFactory.getLogger(RowListener.class);

    private final RowApplier applier;
    /** Sends each outcome as the JSON it was stored as: serialized once. */
    private final KafkaTemplate<String, byte[]> results;
    /** Rows applied, by outcome: looked up once, not per row. */
    private final Map<RowOutcome, Counter> applied = new EnumMap<>(RowOutcome.class);
    private final Timer latency;
    private final DistributionSummary batchSize;

    RowListener(RowApplier applier, ProducerFactory<String, Object> producerFactory, MeterRegistry meterRegistry) {
        this.applier = applier;
        this.results = PipelineKafka.bytes(producerFactory);
        this.latency = Timer.builder("userimport.row.latency")
                .description("From a row's event on Kafka to its outcome on Kafka, for each applied row")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(meterRegistry);
        this.batchSize = DistributionSummary.builder("userimport.batch.size").baseUnit("rows")
                .description("Rows per batch the worker applies in one transaction").tag("stage", "apply")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10_000.0)
                .register(meterRegistry);
        for (RowOutcome outcome : RowOutcome.values()) {
            applied.put(outcome, meterRegistry.counter("userimport.rows.applied", "outcome", outcome.name()));
        }
    }

    /**
     * Makes the outcomes' producer and has it learn where the outcome topics' partitions are,
     * waiting at most {@link PipelineKafka#CONNECT_WAIT}; returns whether it was done in time.
     */
    boolean connect() {
        return PipelineKafka.connect(results, PipelineKafka.CONNECT_WAIT, Topics.RESULTS, Topics.NOTEWORTHY_RESULTS);
    }

    /** Closes the outcomes' producer, once every record it was given is sent. */
    @PreDestroy
    void close() {
        results.destroy();
    }

    @KafkaListener(id = "import-worker-rows", topics = Topics.ROWS)
    void onRows(List<ConsumerRecord<String, RowSubmitted>> records) {
        int unreadable = PipelineKafka.firstUnreadable(records);
        List<RowSubmitted> rows = records.subList(0, unreadable).stream().map(ConsumerRecord::value).toList();
        // An import is either a dry run or real, so splitting a batch by it keeps each import's row
        // order. Both parts run to their end before a failure is raised at the earliest failing row:
        // the error handler commits every record before that one, so each of them must be done.
        BatchListenerFailedException dryFailure = applyAll(rows.stream().filter(RowSubmitted::dryRun).toList(),
                applier::previewOutcomes, records);
        BatchListenerFailedException realFailure = applyAll(rows.stream().filter(row -> !row.dryRun()).toList(),
                applier::applyOutcomes, records);
        if (dryFailure != null || realFailure != null) {
            throw realFailure == null || dryFailure != null && dryFailure.getIndex() < realFailure.getIndex()
                    ? dryFailure : realFailure;
        }
        batchSize.record(unreadable);
        long now = System.currentTimeMillis();
        for (int i = 0; i < unreadable; i++) {
            latency.record(Math.max(0, now - records.get(i).timestamp()), TimeUnit.MILLISECONDS);
        }
        if (unreadable < records.size()) {
            // the error handler commits the rows before it, dead-letters it and goes on after it
            throw PipelineKafka.unreadable(records, unreadable);
        }
    }

    /** Applies the rows; returns the failure of the first row that cannot be applied yet, or null. */
    private BatchListenerFailedException applyAll(List<RowSubmitted> rows,
                                                  Function<List<RowSubmitted>, List<Outcome>> apply,
                                                  List<ConsumerRecord<String, RowSubmitted>> records) {
        try {
            publish(apply.apply(rows));
            return null;
        } catch (RuntimeException e) {
            if (PipelineKafka.isTransient(e)) {
                throw e; // the database or broker is away: the whole batch waits
            }
            return applyOneByOne(rows, apply, records);
        }
    }

    /**
     * A batch failed for a reason of its own (a row breaking a constraint, say): apply its rows
     * one by one, so that the good ones go through, a row the directory refuses fails alone,
     * and only a row failing for another reason goes to the error handler.
     */
    private BatchListenerFailedException applyOneByOne(List<RowSubmitted> rows,
                                                       Function<List<RowSubmitted>, List<Outcome>> apply,
                                                       List<ConsumerRecord<String, RowSubmitted>> records) {
        for (RowSubmitted row : rows) {
            try {
                publish(applyAlone(row, apply));
            } catch (RuntimeException e) {
                return new BatchListenerFailedException("Row " + row.rowNumber() + " of import " + row.importId()
                        + " cannot be applied: " + PipelineKafka.rootMessage(e), e, indexOf(records, row));
            }
        }
        return null;
    }

    /**
     * One row in its own transaction. A row refused twice by the directory (the second time in a
     * fresh transaction, which sees what a concurrent worker committed meanwhile) ends
     * {@code FAILED} with the database's reason, which names no value.
     */
    private List<Outcome> applyAlone(RowSubmitted row, Function<List<RowSubmitted>, List<Outcome>> apply) {
        try {
            return apply.apply(List.of(row));
        } catch (DataIntegrityViolationException first) {
            try {
                return apply.apply(List.of(row));
            } catch (DataIntegrityViolationException refused) {
                String reason = "The directory refused the row: " + PipelineKafka.rootMessage(refused);
                log.warn("Row {} of import {} failed: {}", row.rowNumber(), row.importId(), reason);
                return List.of(applier.refuseOutcome(row, reason));
            }
        }
    }

    private static int indexOf(List<ConsumerRecord<String, RowSubmitted>> records, RowSubmitted row) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == row) {
                return i;
            }
        }
        throw new IllegalStateException("Row not in its batch");
    }

    /** Publishes each outcome as the JSON it was stored as, to its topics ({@link Topics#forOutcome}). */
    private void publish(List<Outcome> outcomes) {
        List<CompletableFuture<?>> sends = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            RowProcessed event = outcome.event();
            for (String topic : Topics.forOutcome(event)) {
                sends.add(results.send(topic, Topics.userKey(event.loginId()), outcome.json()));
            }
            applied.get(event.outcome()).increment();
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }
}
