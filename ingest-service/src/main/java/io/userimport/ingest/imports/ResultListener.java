package io.userimport.ingest.imports;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.RowOutcome;
import io.userimport.model.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each job's progress from the row outcomes. An outcome counts only when it is the first
 * for its row, so a redelivered or duplicated result event never counts twice; the row update
 * and the counters change in one transaction.
 */
@Component
class ResultListener {

    private final ImportRows rows;
    private final ImportJobs jobs;
    private final Clock clock;
    /** Outcomes counted, by outcome: looked up once, not per row. */
    private final Map<RowOutcome, Counter> counted = new EnumMap<>(RowOutcome.class);
    private final TransactionTemplate transactions;

    ResultListener(ImportRows rows, ImportJobs jobs, Clock clock, MeterRegistry meterRegistry,
                   TransactionTemplate transactions) {
        this.transactions = transactions;
        this.rows = rows;
        this.jobs = jobs;
        this.clock = clock;
        for (RowOutcome outcome : RowOutcome.values()) {
            counted.put(outcome, meterRegistry.counter("userimport.row.outcomes", "outcome", outcome.name()));
        }
    }

    /** The listener's id, which is its consumer group. */
    static final String GROUP = "ingest-results";

    @KafkaListener(id = GROUP, topics = Topics.RESULTS)
    public void onResults(List<ConsumerRecord<String, CountedOutcome>> records) {
        PipelineKafka.processEach(records, events -> transactions.executeWithoutResult(status -> record(events)));
    }

    void record(List<CountedOutcome> events) {
        count(events).forEach((outcome, rows) -> counted.get(outcome).increment(rows));
    }

    /**
     * Stores the outcomes and adds each row's first one to its job's counts (completing the jobs
     * that have every outcome), in the caller's transaction; returns how many counted, by
     * outcome. The metrics are left to the caller.
     */
    Map<RowOutcome, Integer> count(List<CountedOutcome> events) {
        boolean[] first = rows.recordOutcomes(events);
        Map<UUID, Map<RowOutcome, Integer>> outcomes = new TreeMap<>();
        Map<UUID, Integer> withWarnings = new TreeMap<>();
        Map<RowOutcome, Integer> counts = new EnumMap<>(RowOutcome.class);
        for (int i = 0; i < events.size(); i++) {
            if (!first[i]) {
                continue;
            }
            CountedOutcome event = events.get(i);
            outcomes.computeIfAbsent(event.importId(), id -> new EnumMap<>(RowOutcome.class))
                    .merge(event.outcome(), 1, Integer::sum);
            withWarnings.merge(event.importId(), event.warnings().isEmpty() ? 0 : 1, Integer::sum);
            counts.merge(event.outcome(), 1, Integer::sum);
        }
        // TreeMap order: concurrent listeners lock job rows in the same order and cannot deadlock
        outcomes.forEach((id, byOutcome) -> jobs.addOutcomes(id, byOutcome, withWarnings.get(id)));
        if (!outcomes.isEmpty()) {
            jobs.completeFinished(outcomes.keySet(), clock.instant());
        }
        return counts;
    }
}
