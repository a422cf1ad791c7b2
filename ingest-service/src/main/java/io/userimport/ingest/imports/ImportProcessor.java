package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import io.userimport.ingest.imports.ImportRows.StagedRow;
import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs an import after its upload: stages every row in the database with its review, flags
 * duplicates within the file, then publishes one event per row in file order. Every step can
 * be run again after a crash: staging starts over from the stored file, publishing resumes
 * after the last row known to be on Kafka (a row published twice is harmless, the worker is
 * idempotent).
 */
@Service
class ImportProcessor {

    private static final Logger log = LoggerFactory.getLogger(ImportProcessor.class);

    private final ImportJobs jobs;
    private final ImportRows rows;
    private final RowReview review;
    private final KafkaTemplate<String, Object> kafka;
    private final Uploads uploads;
    private final IngestProperties properties;
    private final Clock clock;
    private final Counter published;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();

    ImportProcessor(ImportJobs jobs, ImportRows rows, RowReview review, KafkaTemplate<String, Object> kafka,
                    Uploads uploads, IngestProperties properties, Clock clock, MeterRegistry meterRegistry) {
        this.jobs = jobs;
        this.rows = rows;
        this.review = review;
        this.kafka = kafka;
        this.uploads = uploads;
        this.properties = properties;
        this.clock = clock;
        this.published = Counter.builder("userimport.rows.published").description("Row events published to Kafka")
                .register(meterRegistry);
    }

    /** Takes a job as far as it can go; does nothing if this job is already being processed here. */
    void process(UUID id) {
        if (!inProgress.add(id)) {
            return;
        }
        try {
            ImportJob job = jobs.find(id).orElseThrow();
            if (job.status() == ImportStatus.RECEIVED || job.status() == ImportStatus.VALIDATING) {
                job = stage(job);
            }
            if (job.status() == ImportStatus.RUNNING) {
                publish(job);
            }
        } catch (RuntimeException e) {
            log.error("Import {} interrupted; it resumes on the next attempt", id, e);
        } finally {
            inProgress.remove(id);
        }
    }

    private ImportJob stage(ImportJob job) {
        Path file = uploads.path(job.id());
        if (!Files.exists(file)) {
            jobs.markFailed(job.id(), "The uploaded file was lost before its rows were read; upload it again.", clock.instant());
            return jobs.find(job.id()).orElseThrow();
        }
        jobs.markValidating(job.id(), clock.instant());
        rows.deleteAll(job.id());
        HeaderMapping header = CsvFile.readHeader(file);
        List<Map.Entry<Integer, CSVRecord>> batch = new ArrayList<>(properties.batchSize());
        try {
            CsvFile.forEachRow(file, (rowNumber, record) -> {
                batch.add(Map.entry(rowNumber, record));
                if (batch.size() == properties.batchSize()) {
                    rows.insert(job.id(), review(batch, header, job));
                    batch.clear();
                }
            });
            rows.insert(job.id(), review(batch, header, job));
        } catch (IOException e) {
            rows.deleteAll(job.id());
            jobs.markFailed(job.id(), e.getMessage() + ". Nothing was applied; fix the file and upload it again.",
                    clock.instant());
            uploads.delete(job.id());
            log.warn("Import {} failed: {}", job.id(), e.getMessage());
            return jobs.find(job.id()).orElseThrow();
        }
        rows.flagDuplicates(job.id());
        ImportRows.StagedCounts counts = rows.counts(job.id());
        int total = counts.total();
        int invalid = counts.invalid();
        if (invalid > 0 && !job.skipInvalidRows()) {
            rows.failInvalid(job.id());
            jobs.markFailed(job.id(), "%d of %d rows failed review and skipInvalidRows is false, so nothing was applied. "
                    .formatted(invalid, total) + "See the rows for their reasons.", clock.instant());
        } else {
            jobs.markRunning(job.id(), total, invalid);
            completeIfEmpty(job.id(), total);
        }
        uploads.delete(job.id());
        log.info("Import {} staged: {} rows, {} failed review", job.id(), total, invalid);
        return jobs.find(job.id()).orElseThrow();
    }

    /** Reviews a batch on every core: hashing the passwords a file carries is the costly part. */
    private List<ReviewedRow> review(List<Map.Entry<Integer, CSVRecord>> batch, HeaderMapping header, ImportJob job) {
        return batch.parallelStream().map(row -> review.review(row.getKey(), row.getValue(), header, job.mode())).toList();
    }

    private void publish(ImportJob job) {
        uploads.delete(job.id()); // left behind if the service stopped right after staging
        int after = job.publishedRows();
        List<StagedRow> page;
        while (!(page = rows.page(job.id(), after, properties.batchSize())).isEmpty()) {
            List<CompletableFuture<?>> sends = new ArrayList<>(page.size());
            for (StagedRow row : page) {
                sends.add(send(job, row));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            after = page.get(page.size() - 1).rowNumber();
            jobs.markPublished(job.id(), after);
            published.increment(page.size());
        }
        log.info("Import {} published: {} rows", job.id(), after);
    }

    private CompletableFuture<?> send(ImportJob job, StagedRow row) {
        String key = Topics.userKey(row.user().loginId());
        if (row.reviewError() != null) {
            return kafka.send(Topics.RESULTS, key, RowProcessed.failed(job.id(), row.rowNumber(), row.user().loginId(),
                    row.user().email(), row.reviewError(), clock.instant()));
        }
        return kafka.send(Topics.ROWS, key, RowSubmitted.of(job.id(), row.rowNumber(), job.mode(),
                job.identifiedByEmail(), job.sendWelcomeEmails(), row.user()));
    }

    private void completeIfEmpty(UUID id, int total) {
        if (total == 0) {
            jobs.completeFinished(List.of(id), clock.instant());
        }
    }

    boolean isProcessing(UUID id) {
        return inProgress.contains(id);
    }

}
