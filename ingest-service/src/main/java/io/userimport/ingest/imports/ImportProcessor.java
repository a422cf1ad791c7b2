package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import io.userimport.ingest.imports.ImportRows.StagedRow;
import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.kafka.PipelineKafka;
import io.userimport.model.Memberships;
import io.userimport.model.RowOutcome;
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
 * duplicates within the file, holds the job for review if asked to, then captures its mirror
 * user and publishes one event per row in file order (per attempt, for a retry). Every step can
 * be run again after a crash: staging starts over from the stored file, publishing resumes
 * after the last row known to be on Kafka (a row published twice is harmless, the worker is
 * idempotent).
 */
@Service
class ImportProcessor {

    private static final Logger log = LoggerFactory.getLogger(ImportProcessor.class);
    /** Bounds the memory of a batch of long rows: a few megabytes whatever the file. */
    private static final long MAX_BATCH_CHARS = 4_000_000;
    /** Unexpected errors in a row after which a job fails instead of trying again. */
    static final int MAX_INTERRUPTIONS = 3;

    private final ImportJobs jobs;
    private final ImportRows rows;
    private final RowReview review;
    private final KafkaTemplate<String, Object> kafka;
    private final Uploads uploads;
    private final MirrorCapture mirror;
    private final Cancellations cancellations;
    private final IngestProperties properties;
    private final Clock clock;
    private final Counter published;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();

    ImportProcessor(ImportJobs jobs, ImportRows rows, RowReview review, KafkaTemplate<String, Object> kafka,
                    Uploads uploads, MirrorCapture mirror, Cancellations cancellations, IngestProperties properties,
                    Clock clock, MeterRegistry meterRegistry) {
        this.jobs = jobs;
        this.rows = rows;
        this.review = review;
        this.kafka = kafka;
        this.uploads = uploads;
        this.mirror = mirror;
        this.cancellations = cancellations;
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
            if (job.status() == ImportStatus.RUNNING || job.status() == ImportStatus.CANCELLING) {
                publish(job);
            }
            jobs.clearWaiting(id);
        } catch (RuntimeException e) {
            interrupted(id, e);
        } finally {
            inProgress.remove(id);
        }
    }

    /**
     * A job that could not go on says why. It waits while the database or Kafka is away, and
     * resumes by itself; any other error fails it once it happened {@link #MAX_INTERRUPTIONS}
     * times in a row, with the error's message.
     */
    private void interrupted(UUID id, RuntimeException e) {
        String cause = PipelineKafka.rootMessage(e);
        try {
            if (e instanceof ImportWaitsException) {
                log.warn("Import {}: {} ({})", id, e.getMessage(), cause);
                jobs.setWaiting(id, e.getMessage());
                return;
            }
            if (PipelineKafka.isTransient(e)) {
                log.warn("Import {} waits for the database or Kafka, and resumes by itself: {}", id, cause);
                jobs.setWaiting(id, "Waiting for the database or Kafka (" + cause + "); the import resumes by itself");
                return;
            }
            int interruptions = jobs.interrupted(id);
            log.error("Import {} interrupted ({} of {} before it fails)", id, interruptions, MAX_INTERRUPTIONS, e);
            if (interruptions < MAX_INTERRUPTIONS) {
                jobs.setWaiting(id, "Interrupted by an unexpected error (%s); trying again (%d of %d)"
                        .formatted(cause, interruptions, MAX_INTERRUPTIONS));
                return;
            }
            ImportJob job = jobs.find(id).orElseThrow();
            if (job.status() == ImportStatus.RECEIVED || job.status() == ImportStatus.VALIDATING) {
                rows.deleteAll(id);
            }
            uploads.delete(id);
            jobs.markFailed(id, ("The import stopped on an unexpected error %d times in a row, the last: %s. Rows "
                    + "already applied keep their outcomes; upload the file again to finish it.")
                    .formatted(MAX_INTERRUPTIONS, cause), clock.instant());
        } catch (RuntimeException whileTelling) {
            log.warn("Import {} could not record why it stopped; it resumes on the next attempt", id, whileTelling);
        }
    }

    /**
     * Sends again the events of the rows of a stalled job that have no outcome (their results
     * may have been dead-lettered, or lost with a broker): the worker re-emits the outcome of a
     * row it applied before, and applies one it never saw. Returns how many were sent.
     */
    int republishMissing(UUID id) {
        ImportJob job = jobs.find(id).orElseThrow();
        int after = 0;
        int sent = 0;
        while (true) {
            List<StagedRow> page = rows.page(id, job.attempt(), after, properties.batchSize(), true);
            if (page.isEmpty()) {
                return sent;
            }
            CompletableFuture.allOf(page.stream().map(row -> send(job, row, job.mirror()))
                    .toArray(CompletableFuture[]::new)).join();
            sent += page.size();
            after = page.get(page.size() - 1).rowNumber();
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
        HeaderMapping header = CsvFile.readHeader(file, properties.maxRowChars());
        Batch batch = new Batch();
        try {
            CsvFile.forEachRow(file, properties.maxRowChars(), (rowNumber, record) -> {
                if (rowNumber > properties.maxRows()) {
                    throw new TooManyRowsException(properties.maxRows());
                }
                if (batch.add(rowNumber, record) >= properties.batchSize() || batch.chars >= MAX_BATCH_CHARS) {
                    rows.insert(job.id(), review(batch.rows, header, job));
                    batch.clear();
                }
            });
            rows.insert(job.id(), review(batch.rows, header, job));
        } catch (IOException | TooManyRowsException e) {
            rows.deleteAll(job.id());
            jobs.markFailed(job.id(), e.getMessage() + ". Nothing was applied; fix the file and upload it again.",
                    clock.instant());
            uploads.delete(job.id());
            log.warn("Import {} failed: {}", job.id(), e.getMessage());
            return jobs.find(job.id()).orElseThrow();
        }
        rows.flagDuplicates(job.id());
        ImportRows.StagedCounts counts = rows.counts(job.id());
        if (counts.invalid() > 0 && !job.skipInvalidRows() && !job.review()) {
            rows.failInvalid(job.id());
            jobs.markRefused(job.id(), counts.total(), counts.invalid(), "%d of %d rows failed review and "
                    .formatted(counts.invalid(), counts.total()) + "skipInvalidRows is false, so nothing was applied. "
                    + "See the rows for their reasons.", clock.instant());
        } else if (jobs.markStaged(job.id(), counts.total(), counts.invalid(),
                job.review() ? ImportStatus.AWAITING_REVIEW : ImportStatus.RUNNING)) {
            completeIfEmpty(job.id(), counts.total());
        } else {
            rows.deleteAll(job.id()); // cancelled while its rows were being read
        }
        uploads.delete(job.id());
        log.info("Import {} staged: {} rows, {} failed review", job.id(), counts.total(), counts.invalid());
        return jobs.find(job.id()).orElseThrow();
    }

    /** The rows read but not staged yet: at most a batch, and at most {@link #MAX_BATCH_CHARS} characters. */
    private static final class Batch {

        final List<Map.Entry<Integer, CSVRecord>> rows = new ArrayList<>();
        long chars;

        int add(int rowNumber, CSVRecord record) {
            rows.add(Map.entry(rowNumber, record));
            for (String cell : record) {
                chars += cell.length();
            }
            return rows.size();
        }

        void clear() {
            rows.clear();
            chars = 0;
        }
    }

    private static final class TooManyRowsException extends RuntimeException {

        TooManyRowsException(int max) {
            super("The file has more than %,d rows, the most one import takes (app.ingest.max-rows); split it"
                    .formatted(max));
        }
    }

    /** Reviews a batch on every core: hashing the passwords a file carries is the costly part. */
    private List<ReviewedRow> review(List<Map.Entry<Integer, CSVRecord>> batch, HeaderMapping header, ImportJob job) {
        return batch.parallelStream().map(row -> review.review(row.getKey(), row.getValue(), header, job.mode())).toList();
    }

    /**
     * Publishes the rows of the job's current attempt after the last one known to be on Kafka,
     * checking before each batch that the job was not cancelled meanwhile.
     */
    private void publish(ImportJob job) {
        uploads.delete(job.id()); // left behind if the service stopped right after staging
        if (job.status() == ImportStatus.RUNNING && job.publishedRows() == 0 && job.attempt() == 1
                && !mirror.capture(job)) {
            return;
        }
        ImportJob current = jobs.find(job.id()).orElseThrow(); // holds the mirror memberships just captured
        int after = job.publishedRows();
        while (current.status() != ImportStatus.CANCELLING) {
            List<StagedRow> page = rows.page(job.id(), job.attempt(), after, properties.batchSize(), false);
            if (page.isEmpty()) {
                jobs.markPublished(job.id(), job.totalRows());
                log.info("Import {} attempt {} published", job.id(), job.attempt());
                return;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(page.size());
            for (StagedRow row : page) {
                sends.add(send(job, row, current.mirror()));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            after = page.get(page.size() - 1).rowNumber();
            jobs.markPublished(job.id(), after);
            published.increment(page.size());
            current = jobs.find(job.id()).orElseThrow();
        }
        cancellations.finish(current, after);
    }

    private CompletableFuture<?> send(ImportJob job, StagedRow row, Memberships memberships) {
        String key = Topics.userKey(row.user().loginId());
        if (row.reviewError() != null) {
            return kafka.send(Topics.RESULTS, key, RowProcessed.notApplied(job.id(), row.rowNumber(), job.attempt(),
                    row.user().loginId(), row.user().email(), RowOutcome.FAILED, row.reviewError(), job.dryRun(),
                    clock.instant()));
        }
        return kafka.send(Topics.ROWS, key, new RowSubmitted(RowSubmitted.SCHEMA_VERSION, job.id(), row.rowNumber(),
                job.attempt(), job.mode(), job.identifiedByEmail(), job.sendWelcomeEmails(), job.dryRun(), memberships,
                row.user()));
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
