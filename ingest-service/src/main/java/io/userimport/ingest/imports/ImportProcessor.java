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
import org.springframework.transaction.support.TransactionTemplate;

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
    private final FileDuplicates duplicates;
    private final TransactionTemplate transactions;
    private final Counter published;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();

    ImportProcessor(ImportJobs jobs, ImportRows rows, RowReview review, KafkaTemplate<String, Object> kafka,
                    Uploads uploads, MirrorCapture mirror, Cancellations cancellations, IngestProperties properties,
                    Clock clock, MeterRegistry meterRegistry, FileDuplicates duplicates,
                    TransactionTemplate transactions) {
        this.duplicates = duplicates;
        this.transactions = transactions;
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
            if (job.status() == ImportStatus.RECEIVED || job.status() == ImportStatus.VALIDATING
                    || job.status().isPublishing() && job.stagedRows() < job.totalRows() && job.attempt() == 1) {
                job = stage(job);
            }
            if (job.status().isPublishing()) {
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
            send(job, page);
            sent += page.size();
            after = page.get(page.size() - 1).rowNumber();
        }
    }

    /**
     * Reads the file through once (is it valid CSV, how many rows), then reviews and stages its
     * rows batch by batch. A job that may skip invalid rows and is not held for review starts at
     * once: each batch is published as soon as it is staged, so the first rows are applied while
     * later ones are still being read. Otherwise every row is staged first, and the job then
     * waits for review, or is refused if rows failed review and may not be skipped. A job
     * resumed after a stop goes on after the rows it had staged.
     */
    private ImportJob stage(ImportJob job) {
        Path file = uploads.path(job.id());
        if (!Files.exists(file)) {
            jobs.markFailed(job.id(), "The uploaded file was lost before its rows were read; upload it again.", clock.instant());
            return jobs.find(job.id()).orElseThrow();
        }
        boolean streaming = job.skipInvalidRows() && !job.review();
        int resumeAfter = 0;
        if (job.status().isPublishing()) {
            resumeAfter = job.stagedRows();
            rows.deleteAfter(job.id(), resumeAfter);
            publish(job, job.publishedRows(), false); // the rows staged before the stop that were not published yet
            job = jobs.find(job.id()).orElseThrow();
        } else {
            jobs.markValidating(job.id(), clock.instant());
            rows.deleteAll(job.id());
            if (streaming && !mirror.capture(job)) { // before any row is applied
                return jobs.find(job.id()).orElseThrow();
            }
            int total;
            try {
                total = CsvFile.countRows(file, properties.maxRowChars(), properties.maxRows());
            } catch (IOException | CsvFile.TooManyRowsException e) {
                return fail(job, e.getMessage() + ". Nothing was applied; fix the file and upload it again.");
            }
            if (!jobs.markScanned(job.id(), total, streaming)) {
                return jobs.find(job.id()).orElseThrow(); // cancelled meanwhile
            }
            job = jobs.find(job.id()).orElseThrow();
        }
        Staging staging = new Staging(job, CsvFile.readHeader(file, properties.maxRowChars()), streaming, resumeAfter);
        try {
            CsvFile.forEachRow(file, properties.maxRowChars(), staging::add);
            staging.flush();
            staging.awaitSent();
        } catch (IOException e) {
            // the file changed since it was read through: only a broken disk does that
            return fail(job, e.getMessage() + ". Rows already applied keep their outcomes; upload the file again.");
        }
        uploads.delete(job.id());
        log.info("Import {} staged: {} rows, {} failed review", job.id(), staging.staged, staging.invalid);
        if (streaming) {
            ImportJob current = jobs.find(job.id()).orElseThrow();
            if (current.status() == ImportStatus.CANCELLING) {
                cancellations.finish(current, current.publishedRows());
            } else {
                completeIfEmpty(job.id(), current.totalRows());
            }
            return jobs.find(job.id()).orElseThrow();
        }
        int invalid = jobs.find(job.id()).orElseThrow().invalidRows();
        if (invalid > 0 && !job.skipInvalidRows() && !job.review()) {
            rows.failInvalid(job.id());
            jobs.markRefused(job.id(), staging.staged, invalid, "%d of %d rows failed review and "
                    .formatted(invalid, staging.staged) + "skipInvalidRows is false, so nothing was applied. "
                    + "See the rows for their reasons.", clock.instant());
        } else if (jobs.markStaged(job.id(), job.review() ? ImportStatus.AWAITING_REVIEW : ImportStatus.RUNNING)) {
            completeIfEmpty(job.id(), staging.staged);
        } else {
            rows.deleteAll(job.id()); // cancelled while its rows were being read
        }
        return jobs.find(job.id()).orElseThrow();
    }

    /** Fails a job whose file cannot be read through: its staged rows and its upload go. */
    private ImportJob fail(ImportJob job, String error) {
        if (!job.status().isPublishing()) {
            rows.deleteAll(job.id());
        }
        jobs.markFailed(job.id(), error, clock.instant());
        uploads.delete(job.id());
        log.warn("Import {} failed: {}", job.id(), error);
        return jobs.find(job.id()).orElseThrow();
    }

    /**
     * The rows read but not staged yet (at most a batch, and at most {@link #MAX_BATCH_CHARS}
     * characters), and what staging did so far.
     */
    private final class Staging {

        private final List<Map.Entry<Integer, CSVRecord>> batch = new ArrayList<>();
        private final ImportJob job;
        private final HeaderMapping header;
        private final int resumeAfter;
        private final StatisticsSchedule statistics;
        /** The keys of the rows this staging flagged, when it stages the file from its first row. */
        private final FileDuplicates.Seen seen;
        private boolean publishing;
        /** The batch last sent to Kafka, not yet known to be there, and its last row. */
        private CompletableFuture<Void> sent;
        private int sentUpTo;
        private long chars;
        /** Rows in the next batch: a quarter of the batch size first, doubling up to it (see {@link #add}). */
        private int limit = Math.max(1, properties.batchSize() / 4);
        int staged;
        int invalid;

        Staging(ImportJob job, HeaderMapping header, boolean publishing, int resumeAfter) {
            this.job = job;
            this.header = header;
            this.publishing = publishing && job.status() == ImportStatus.RUNNING;
            this.resumeAfter = resumeAfter;
            this.staged = resumeAfter;
            this.statistics = new StatisticsSchedule(job.totalRows());
            this.seen = resumeAfter == 0 ? FileDuplicates.Seen.forFile(job.totalRows()) : FileDuplicates.Seen.unknown();
        }

        void add(int rowNumber, CSVRecord record) {
            if (rowNumber <= resumeAfter) {
                return;
            }
            batch.add(Map.entry(rowNumber, record));
            for (String cell : record) {
                chars += cell.length();
            }
            if (batch.size() >= limit || chars >= MAX_BATCH_CHARS) {
                flush();
                // the first rows reach the worker after a small batch; later ones go in large ones,
                // which cost fewer statements, commits and Kafka requests per row
                limit = Math.min(limit * 2, properties.batchSize());
            }
        }

        /**
         * Reviews the batch, stages it with the count of staged rows in one transaction, and
         * publishes it when the job runs (a cancelled one stages the rest without publishing).
         * Kafka's acknowledgements of a batch are awaited while the next one is read and staged,
         * and the batch counts as published only once they are in.
         */
        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<ReviewedRow> reviewed = duplicates.flag(job.id(), review(batch, header, job), seen);
            int last = batch.get(batch.size() - 1).getKey();
            int failed = ReviewedRow.failed(reviewed);
            transactions.executeWithoutResult(status -> {
                rows.insert(job.id(), reviewed);
                jobs.markStagedUpTo(job.id(), last, failed);
            });
            staged = last;
            if (statistics.due(last)) {
                rows.analyze();
            }
            invalid += failed;
            batch.clear();
            chars = 0;
            if (publishing) {
                ImportJob current = jobs.find(job.id()).orElseThrow();
                publishing = current.status() == ImportStatus.RUNNING;
                awaitSent();
                if (publishing) {
                    sent = sendAll(current, reviewed.stream().map(row -> new StagedRow(row.rowNumber(), row.user(),
                            row.error())).toList());
                    sentUpTo = last;
                }
            }
        }

        /** Waits until Kafka has the batch sent last, if any, and records it as published. */
        void awaitSent() {
            if (sent != null) {
                sent.join();
                sent = null;
                jobs.markPublished(job.id(), sentUpTo);
            }
        }
    }

    /** Reviews a batch on every core: hashing the passwords a file carries is the costly part. */
    private List<ReviewedRow> review(List<Map.Entry<Integer, CSVRecord>> batch, HeaderMapping header, ImportJob job) {
        return batch.parallelStream().map(row -> review.review(row.getKey(), row.getValue(), header, job.mode())).toList();
    }

    /**
     * Publishes the rows of the job's current attempt after the last one known to be on Kafka,
     * checking before each batch that the job was not cancelled meanwhile; a job whose rows are
     * all staged then knows every row is published (or finishes its cancellation).
     */
    private void publish(ImportJob job) {
        uploads.delete(job.id()); // left behind if the service stopped right after staging
        if (job.status() == ImportStatus.RUNNING && job.publishedRows() == 0 && job.attempt() == 1
                && !mirror.capture(job)) {
            return;
        }
        publish(job, job.publishedRows(), true);
    }

    /** Publishes the staged rows after {@code after}; with {@code finish}, ends publishing once none is left. */
    private void publish(ImportJob job, int after, boolean finish) {
        ImportJob current = jobs.find(job.id()).orElseThrow(); // holds the mirror memberships just captured
        while (current.status() != ImportStatus.CANCELLING) {
            List<StagedRow> page = rows.page(job.id(), job.attempt(), after, properties.batchSize(), false);
            if (page.isEmpty()) {
                if (finish) {
                    jobs.markPublished(job.id(), job.totalRows());
                    log.info("Import {} attempt {} published", job.id(), job.attempt());
                }
                return;
            }
            send(current, page);
            after = page.get(page.size() - 1).rowNumber();
            jobs.markPublished(job.id(), after);
            current = jobs.find(job.id()).orElseThrow();
        }
        if (finish) { // else staging goes on, without publishing, and finishes the cancellation at its end
            cancellations.finish(current, after);
        }
    }

    /** Sends a batch of rows and waits until Kafka has every one of them. */
    private void send(ImportJob job, List<StagedRow> batch) {
        sendAll(job, batch).join();
    }

    /** Sends a batch of rows; the future completes once Kafka has every one of them. */
    private CompletableFuture<Void> sendAll(ImportJob job, List<StagedRow> batch) {
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (StagedRow row : batch) {
            sends.add(send(job, row, job.mirror()));
        }
        int rows = batch.size();
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenRun(() -> published.increment(rows));
    }

    private CompletableFuture<?> send(ImportJob job, StagedRow row, Memberships memberships) {
        String key = Topics.userKey(row.user().loginId());
        if (row.reviewError() != null) {
            RowProcessed failed = RowProcessed.notApplied(job.id(), row.rowNumber(), job.attempt(),
                    row.user().loginId(), row.user().email(), RowOutcome.FAILED, row.reviewError(), job.dryRun(),
                    clock.instant());
            return CompletableFuture.allOf(Topics.forOutcome(failed).stream()
                    .map(topic -> kafka.send(topic, key, failed)).toArray(CompletableFuture[]::new));
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
