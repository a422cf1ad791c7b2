package io.userimport.ingest.imports;

import java.util.UUID;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Picks up imports that stopped half-way: after a restart (staging or publishing was
 * interrupted) or after Kafka refused rows for longer than the producer retries.
 * Assumes one ingest instance; several would need a lease per job.
 */
@Component
class ImportResumer {

    private final ImportJobs jobs;
    private final ImportProcessor processor;
    private final TaskExecutor importExecutor;

    ImportResumer(ImportJobs jobs, ImportProcessor processor, TaskExecutor importExecutor) {
        this.jobs = jobs;
        this.processor = processor;
        this.importExecutor = importExecutor;
    }

    @Scheduled(initialDelayString = "5s", fixedDelayString = "${app.ingest.resume-interval:30s}")
    void resumeUnfinished() {
        for (UUID id : jobs.unfinishedPublishing()) {
            if (!processor.isProcessing(id)) {
                importExecutor.execute(() -> processor.process(id));
            }
        }
    }
}
