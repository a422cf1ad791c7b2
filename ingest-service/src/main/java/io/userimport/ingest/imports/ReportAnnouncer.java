package io.userimport.ingest.imports;

import io.userimport.ingest.imports.ImportJobs.Unreported;
import io.userimport.kafka.PipelineKafka;
import io.userimport.model.ImportFinished;
import io.userimport.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells the notification service that a job finished, so that whoever started it gets the
 * completion report. The job's finished status is the outbox: each finished attempt not yet
 * reported is published as an {@link ImportFinished} event and then marked reported. A crash in
 * between publishes it again; the notification service keeps one report per import and attempt.
 */
@Component
class ReportAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(ReportAnnouncer.class);

    private final ImportJobs jobs;
    private final ImportRows rows;
    private final KafkaTemplate<String, Object> kafka;

    ReportAnnouncer(ImportJobs jobs, ImportRows rows, KafkaTemplate<String, Object> kafka) {
        this.jobs = jobs;
        this.rows = rows;
        this.kafka = kafka;
    }

    /** While Kafka refuses, the announcer waits longer after each failure, up to {@link #MAX_PAUSE}. */
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    private Instant pausedUntil = Instant.MIN;
    private int failuresInARow;

    @Scheduled(initialDelayString = "1s", fixedDelayString = "${app.ingest.report-interval:1s}")
    void announceFinished() {
        Instant now = Instant.now();
        if (now.isBefore(pausedUntil)) {
            return;
        }
        try {
            announce();
            failuresInARow = 0;
        } catch (Exception e) {
            failuresInARow++;
            Duration pause = Duration.ofSeconds(1L << Math.min(failuresInARow, 9));
            pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
            pausedUntil = now.plus(pause);
            log.warn("Completion reports cannot be announced ({} failures in a row), trying again in {} s: {}",
                    failuresInARow, pause.toSeconds(), PipelineKafka.rootMessage(e));
        }
    }

    private void announce() throws Exception {
        for (Unreported unreported : jobs.unreported(100)) {
            ImportJob job = unreported.job();
            ImportFinished event = new ImportFinished(ImportFinished.SCHEMA_VERSION, job.id(), job.attempt(),
                    job.status().name(), job.fileName(), job.dryRun(), job.submittedBy(), unreported.reportTo(),
                    new ImportFinished.Counts(job.totalRows(), job.created(), job.updated(), job.unchanged(),
                            job.failed(), job.cancelled(), job.warnings()),
                    job.error(), rows.firstFailures(job.id(), ImportFinished.MAX_FAILURES), job.finishedAt());
            kafka.send(Topics.IMPORTS, job.id().toString(), event).get(30, TimeUnit.SECONDS);
            jobs.markReported(job.id(), job.attempt());
            log.info("Import {} attempt {} {}: report announced", job.id(), job.attempt(), job.status());
        }
    }
}
