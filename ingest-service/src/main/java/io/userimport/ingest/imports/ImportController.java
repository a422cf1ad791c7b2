package io.userimport.ingest.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.model.CsvColumn;
import io.userimport.model.ImportMode;
import io.userimport.model.RowOutcome;
import io.userimport.security.DirectoryAccount;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Uploads, jobs, their progress and their rows. */
@RestController
@RequestMapping("/api/imports")
class ImportController {

    /** How many items a listing has in all, whatever page it answers. */
    static final String TOTAL_COUNT = "X-Total-Count";

    static final String TEMPLATE = String.join(",", CsvColumn.templateHeader()) + "\r\n";

    private final ImportSubmission submission;
    private final ImportActions actions;
    private final ImportJobs jobs;
    private final ImportRows rows;
    private final FailuresCsv failuresCsv;
    private final ProgressEvents progressEvents;

    ImportController(ImportSubmission submission, ImportActions actions, ImportJobs jobs, ImportRows rows,
                     FailuresCsv failuresCsv, ProgressEvents progressEvents) {
        this.progressEvents = progressEvents;
        this.submission = submission;
        this.actions = actions;
        this.jobs = jobs;
        this.rows = rows;
        this.failuresCsv = failuresCsv;
    }

    @Operation(summary = "Upload a CSV of users; answers 202 at once while the rows are reviewed and applied")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJob> submit(@RequestParam("file") MultipartFile file,
                                     @RequestParam(defaultValue = "CREATE_ONLY") ImportMode mode,
                                     @RequestParam(required = false) String mirrorUser,
                                     @RequestParam(defaultValue = "false") boolean dryRun,
                                     @RequestParam(defaultValue = "false") boolean review,
                                     @RequestParam(defaultValue = "true") boolean skipInvalidRows,
                                     @RequestParam(defaultValue = "true") boolean sendWelcomeEmails,
                                     @AuthenticationPrincipal DirectoryAccount account) {
        ImportJob job = submission.submit(file, new ImportOptions(mode, optional(mirrorUser), dryRun, review,
                skipInvalidRows, sendWelcomeEmails, account.loginId(), account.email(), false,
                file.getOriginalFilename()));
        return ResponseEntity.accepted().location(URI.create("/api/imports/" + job.id())).body(job);
    }

    @Operation(summary = "One import job with its progress and counts")
    @GetMapping("/{id}")
    ImportJob job(@PathVariable UUID id) {
        return find(id);
    }

    @Operation(summary = "A job's progress as server-sent events: a 'progress' event with the job at once and "
            + "whenever it changes (every app.ingest.progress-interval at most), ending after it finished")
    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id) {
        find(id);
        return progressEvents.open(id);
    }

    @Operation(summary = "Import jobs, newest first, page by page (limit jobs a page, page from 0), without their file "
            + "columns, file warnings and mirror memberships (see each job for those); X-Total-Count says how many "
            + "jobs there are")
    @GetMapping
    ResponseEntity<List<ImportJob>> recent(@RequestParam(defaultValue = "50") int limit,
                                           @RequestParam(defaultValue = "0") int page) {
        int size = Math.max(1, Math.min(limit, 500));
        List<ImportJob> recent = jobs.recent(size, (long) Math.max(0, page) * size).stream().map(ImportJob::summary)
                .toList();
        return ResponseEntity.ok().header(TOTAL_COUNT, String.valueOf(jobs.count())).body(recent);
    }

    @Operation(summary = "The rows of an import with their outcomes, in file order: page by page, or after a row "
            + "(afterRow, fast on any page of a million rows); X-Total-Count says how many rows have that outcome")
    @GetMapping("/{id}/rows")
    ResponseEntity<List<RowView>> rows(@PathVariable UUID id, @RequestParam(required = false) RowOutcome outcome,
                                       @RequestParam(required = false) Integer afterRow,
                                       @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "100") int size) {
        ImportJob job = find(id);
        long total = outcome == null ? job.totalRows() : switch (outcome) {
            case CREATED -> job.created();
            case UPDATED -> job.updated();
            case UNCHANGED -> job.unchanged();
            case FAILED -> job.failed();
            case CANCELLED -> job.cancelled();
        };
        return ResponseEntity.ok().header(TOTAL_COUNT, String.valueOf(total))
                .body(rows.list(id, outcome, afterRow, Math.max(0, page), Math.max(1, Math.min(size, 1000))));
    }

    @Operation(summary = "What review found, row by row (row, column, problem, value; never a password)")
    @GetMapping("/{id}/findings")
    List<FindingView> findings(@PathVariable UUID id, @RequestParam(defaultValue = "0") int afterRow,
                               @RequestParam(defaultValue = "100") int size) {
        find(id);
        return rows.findings(id, afterRow, Math.max(1, Math.min(size, 1000)));
    }

    @Operation(summary = "The failed rows as CSV: the file's columns (never a password) plus error, to correct and "
            + "upload again")
    @GetMapping(value = "/{id}/failures.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> failures(@PathVariable UUID id) {
        ImportJob job = find(id);
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"failures-" + id + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> failuresCsv.write(job, out));
    }

    @Operation(summary = "Start a job held for review (optionally naming its mirror user now); flagged rows are "
            + "skipped and reported FAILED")
    @PostMapping("/{id}/start")
    ImportJob start(@PathVariable UUID id, @RequestParam(required = false) String mirrorUser) {
        return actions.start(id, optional(mirrorUser));
    }

    @Operation(summary = "Cancel a job: one held for review is discarded; a running one applies no more rows, "
            + "and those not applied end CANCELLED")
    @PostMapping("/{id}/cancel")
    ImportJob cancel(@PathVariable UUID id, @AuthenticationPrincipal DirectoryAccount account) {
        return actions.cancel(id, account.loginId());
    }

    @Operation(summary = "Put the rows that failed in the directory through again, as a new attempt; the counts "
            + "move as their outcomes arrive")
    @PostMapping("/{id}/retry")
    ImportJob retry(@PathVariable UUID id) {
        return actions.retry(id);
    }

    @Operation(summary = "The import template: a header row with the canonical columns")
    @GetMapping(value = "/template.csv", produces = "text/csv")
    ResponseEntity<String> template() {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"user-import-template.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(TEMPLATE);
    }

    /** A form field left blank means it was not given. */
    private static String optional(String field) {
        return field == null || field.isBlank() ? null : field.trim();
    }

    private ImportJob find(UUID id) {
        return jobs.find(id).orElseThrow(() -> notFound(id));
    }

    static ErrorResponseException notFound(UUID id) {
        ErrorResponseException e = new ErrorResponseException(HttpStatus.NOT_FOUND);
        e.setDetail("No import with id " + id);
        return e;
    }
}
