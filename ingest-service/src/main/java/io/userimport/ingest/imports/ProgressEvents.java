package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a job's progress as server-sent events: a {@code progress} event with the job (as
 * {@code GET /api/imports/{id}} answers it) at once and whenever it changed, checked every
 * {@code app.ingest.progress-interval}; the stream ends after the event that shows the job
 * finished. A client that loses the stream reconnects (browsers' {@code EventSource} does so by
 * itself) and gets the current state first.
 */
@Component
class ProgressEvents implements AutoCloseable {

    /** How long one stream stays open; the client then reconnects. */
    private static final Duration STREAM_FOR = Duration.ofMinutes(30);

    private final ImportJobs jobs;
    private final Duration interval;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress-events");
        thread.setDaemon(true);
        return thread;
    });

    ProgressEvents(ImportJobs jobs, IngestProperties properties) {
        this.jobs = jobs;
        this.interval = properties.progressInterval();
    }

    SseEmitter open(UUID id) {
        SseEmitter emitter = new SseEmitter(STREAM_FOR.toMillis());
        AtomicReference<ImportJob> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> running = task.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(error -> stop.run());
        task.set(ticker.scheduleWithFixedDelay(() -> {
            try {
                ImportJob job = jobs.find(id).orElse(null);
                if (job == null) {
                    emitter.complete();
                    return;
                }
                if (!sameProgress(job, last.get())) {
                    emitter.send(SseEmitter.event().name("progress").data(job, MediaType.APPLICATION_JSON));
                    last.set(job);
                }
                if (job.status().isFinished()) {
                    emitter.complete();
                    stop.run();
                }
            } catch (IOException | IllegalStateException gone) {
                stop.run(); // the client went away
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
                stop.run();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS));
        return emitter;
    }

    /** Whether nothing a client shows changed: status, counts and what the job waits for. */
    private static boolean sameProgress(ImportJob job, ImportJob before) {
        return before != null && job.status() == before.status() && job.stagedRows() == before.stagedRows()
                && job.publishedRows() == before.publishedRows() && job.processedRows() == before.processedRows()
                && job.totalRows() == before.totalRows() && Objects.equals(job.error(), before.error());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
