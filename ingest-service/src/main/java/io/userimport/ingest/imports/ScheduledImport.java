package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import io.userimport.ingest.config.IngestProperties.Schedule;
import io.userimport.model.BuiltIns;
import io.userimport.model.ImportMode;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The scheduled import ({@code app.ingest.schedule.file} and {@code .cron}): imports the file in
 * {@code UPSERT} mode as {@code system}, an ordinary job in every other way. A run is skipped,
 * and logged, while the previous scheduled job has not finished.
 */
@Component
class ScheduledImport implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ScheduledImport.class);

    private final Schedule schedule;
    private final ImportJobs jobs;
    private final ImportSubmission submission;

    ScheduledImport(IngestProperties properties, ImportJobs jobs, ImportSubmission submission) {
        this.schedule = properties.schedule();
        this.jobs = jobs;
        this.submission = submission;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (schedule.file() != null) {
            registrar.addTriggerTask(this::run, new CronTrigger(schedule.cron(), TimeZone.getTimeZone(schedule.zone())));
            log.info("Scheduled import of {} at '{}' ({})", schedule.file(), schedule.cron(), schedule.zone());
        }
    }

    /** One run: skipped while the previous scheduled job runs, otherwise a new job (failed if the file cannot be read). */
    void run() {
        Optional<UUID> previous = jobs.unfinishedScheduled();
        if (previous.isPresent()) {
            log.warn("Scheduled import of {} skipped: the previous scheduled import {} has not finished",
                    schedule.file(), previous.get());
            return;
        }
        ImportJob job = submission.submit(schedule.file(), new ImportOptions(ImportMode.UPSERT, null, false, false,
                true, schedule.sendWelcomeEmails(), BuiltIns.SYSTEM, schedule.reportTo(), true,
                String.valueOf(schedule.file().getFileName())));
        log.info("Scheduled import of {} is job {} ({})", schedule.file(), job.id(), job.status());
    }
}
