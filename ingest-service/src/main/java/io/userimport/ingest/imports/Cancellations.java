package io.userimport.ingest.imports;

import io.userimport.model.ImportCancelled;
import io.userimport.model.RowOutcome;
import io.userimport.model.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends the rows of a cancelled job. Rows never published get their outcome here; rows already
 * on Kafka get theirs from the worker, which is told of the cancellation by an
 * {@link ImportCancelled} event (sent again on every resume until the job ends, and harmless twice).
 */
@Component
class Cancellations {

    private final ImportJobs jobs;
    private final ImportRows rows;
    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;

    Cancellations(ImportJobs jobs, ImportRows rows, KafkaTemplate<String, Object> kafka, Clock clock) {
        this.jobs = jobs;
        this.rows = rows;
        this.kafka = kafka;
        this.clock = clock;
    }

    /** A job held for review is discarded: its rows end {@code CANCELLED} (or {@code FAILED}, if they failed review). */
    @Transactional
    boolean discard(ImportJob job, String by) {
        if (!jobs.cancelBeforeStart(job.id(), job.status(), by, clock.instant())) {
            return false;
        }
        if (job.status() == ImportStatus.AWAITING_REVIEW) {
            jobs.addOutcomes(job.id(), rows.cancelRemaining(job.id(), job.attempt(), 0), 0);
        }
        return true;
    }

    /**
     * Tells the worker, then gives every row not published yet (after {@code afterRow}) its outcome.
     *
     * @param job the job as it is now, cancelled
     */
    @Transactional
    void finish(ImportJob job, int afterRow) {
        announce(job, job.cancelledBy());
        Map<RowOutcome, Integer> counts = rows.cancelRemaining(job.id(), job.attempt(), afterRow);
        jobs.addOutcomes(job.id(), counts, 0);
        jobs.markPublished(job.id(), job.totalRows());
        jobs.completeFinished(List.of(job.id()), clock.instant());
    }

    void announce(ImportJob job, String by) {
        kafka.send(Topics.IMPORTS, job.id().toString(), ImportCancelled.of(job.id(), by, clock.instant())).join();
    }
}
