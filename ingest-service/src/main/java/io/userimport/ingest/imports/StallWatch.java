package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import io.userimport.ingest.imports.ImportJobs.Stalled;
import io.userimport.kafka.ConsumerBacklog;
import io.userimport.model.Topics;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks after running jobs whose outcomes stopped arriving, so that none stays {@code RUNNING}
 * without saying why. While row events wait in the worker's backlog, the job says so (the worker
 * is busy or stopped). When the worker has read every row event and outcomes are still missing,
 * they were lost on the way back (dead-lettered by a consumer that could not record them, say):
 * the rows without an outcome are sent again, and the worker re-emits the outcome it stored, or
 * applies a row it never saw. After {@code app.ingest.max-republishes} such rounds without
 * progress the job only waits, pointing at the dead letters to replay.
 */
@Component
class StallWatch {

    private static final Logger log = LoggerFactory.getLogger(StallWatch.class);

    private final ImportJobs jobs;
    private final ImportProcessor processor;
    private final ConsumerBacklog backlog;
    private final IngestProperties properties;

    StallWatch(ImportJobs jobs, ImportProcessor processor, ConsumerBacklog backlog, IngestProperties properties) {
        this.jobs = jobs;
        this.processor = processor;
        this.backlog = backlog;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "10s", fixedDelayString = "${app.ingest.resume-interval:30s}")
    void lookAfterStalledJobs() {
        for (Stalled job : jobs.stalled(properties.stallAfter())) {
            lookAfter(job);
        }
    }

    void lookAfter(Stalled job) {
        long minutes = Math.max(1, job.quiet().toMinutes());
        OptionalLong queued = backlog.of(properties.workerGroup(), Topics.ROWS);
        if (queued.isEmpty() || queued.getAsLong() > 0) {
            jobs.setWaiting(job.id(), ("Waiting for the import worker: %s, and no outcome has arrived for %d min. "
                    + "Is the import worker running?").formatted(queued.isEmpty() ? "its backlog cannot be read"
                    : "%,d row events are queued for it".formatted(queued.getAsLong()), minutes));
            return;
        }
        if (job.republished() >= properties.maxRepublishes()) {
            jobs.setWaiting(job.id(), ("Waiting for the outcomes of %,d row(s): the import worker read them, and they "
                    + "were sent again %d times without an outcome. Their results may be dead letters: see GET "
                    + "/api/dead-letters, and replay them with POST /api/dead-letters/replay once the cause is fixed.")
                    .formatted(job.missing(), job.republished()));
            return;
        }
        int sent = processor.republishMissing(job.id());
        log.warn("Import {}: {} rows had no outcome {} min after the worker read them; sent again", job.id(), sent,
                minutes);
        jobs.markRepublished(job.id(), ("%s had no outcome %d min after the import worker read them: sent again "
                + "(%d of %d), and the worker reports what it did with them").formatted(sent == 1 ? "1 row"
                : "%,d rows".formatted(sent), minutes, job.republished() + 1, properties.maxRepublishes()));
    }
}
