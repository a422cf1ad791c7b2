package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts an upload: stores the file, checks its header (a file without an identity column is
 * refused whole, at once) and hands the job to the {@link ImportProcessor} to run in the background.
 */
@Service
class ImportSubmission {

    private static final Logger log = LoggerFactory.getLogger(ImportSubmission.class);

    /** The longest file name a job keeps (its column's size). */
    static final int MAX_FILE_NAME = 255;
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");

    private final ImportJobs jobs;
    private final ImportProcessor processor;
    private final TaskExecutor importExecutor;
    private final Uploads uploads;
    private final Clock clock;
    private final long maxRowChars;

    ImportSubmission(ImportJobs jobs, ImportProcessor processor, TaskExecutor importExecutor,
                     Uploads uploads, Clock clock, IngestProperties properties) {
        this.maxRowChars = properties.maxRowChars();
        this.jobs = jobs;
        this.processor = processor;
        this.importExecutor = importExecutor;
        this.uploads = uploads;
        this.clock = clock;
    }

    ImportJob submit(MultipartFile upload, ImportOptions options) {
        if (upload.isEmpty()) {
            throw new ImportRejectedException("Empty file", "The uploaded file is empty: it needs a header row and rows of users.");
        }
        String fileName = upload.getOriginalFilename();
        if (fileName != null && (fileName.length() > MAX_FILE_NAME || CONTROL.matcher(fileName).find())) {
            throw new ImportRejectedException("File name refused", ("The file's name must be at most %d characters, "
                    + "without control characters (it has %d). Rename the file and upload it again.")
                    .formatted(MAX_FILE_NAME, fileName.length()));
        }
        UUID id = UUID.randomUUID();
        try {
            HeaderMapping header = CsvFile.readHeader(uploads.store(id, upload), maxRowChars);
            jobs.insert(id, options, header, clock.instant());
        } catch (IOException e) {
            uploads.delete(id);
            throw new UncheckedIOException("Could not store upload " + options.fileName(), e);
        } catch (RuntimeException e) {
            uploads.delete(id);
            throw e;
        }
        log.info("Import {} received: file '{}' ({} bytes) by {}", id, options.fileName(), upload.getSize(),
                options.submittedBy());
        return process(id);
    }

    /**
     * Imports a file from the file system (the schedule's). A file that is missing, unreadable or
     * refused as a whole becomes a {@code FAILED} job saying why, so that every run leaves a trace.
     */
    ImportJob submit(Path source, ImportOptions options) {
        UUID id = UUID.randomUUID();
        try {
            HeaderMapping header = CsvFile.readHeader(uploads.store(id, source), maxRowChars);
            jobs.insert(id, options, header, clock.instant());
        } catch (NoSuchFileException e) {
            return failed(id, options, "The file " + source + " does not exist.");
        } catch (IOException e) {
            return failed(id, options, "The file " + source + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        } catch (ImportRejectedException e) {
            return failed(id, options, e.getBody().getTitle() + ": " + e.getBody().getDetail());
        }
        log.info("Import {} received: file {} by {}", id, source, options.submittedBy());
        return process(id);
    }

    /** Hands a received job to the processor, in the background. */
    private ImportJob process(UUID id) {
        importExecutor.execute(() -> processor.process(id));
        return jobs.find(id).orElseThrow();
    }

    private ImportJob failed(UUID id, ImportOptions options, String error) {
        uploads.delete(id);
        jobs.insertFailed(id, options, error, clock.instant());
        log.warn("Import {} of {} by {} failed: {}", id, options.fileName(), options.submittedBy(), error);
        return jobs.find(id).orElseThrow();
    }
}
