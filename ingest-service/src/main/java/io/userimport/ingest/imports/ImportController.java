package io.userimport.ingest.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.model.CsvColumn;
import io.userimport.model.ImportMode;
import io.userimport.model.RowOutcome;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Uploads, jobs, their progress and their rows. */
@RestController
@RequestMapping("/api/imports")
class ImportController {

    static final String TEMPLATE = String.join(",", CsvColumn.templateHeader()) + "\r\n";

    private final ImportSubmission submission;
    private final ImportJobs jobs;
    private final ImportRows rows;

    ImportController(ImportSubmission submission, ImportJobs jobs, ImportRows rows) {
        this.submission = submission;
        this.jobs = jobs;
        this.rows = rows;
    }

    @Operation(summary = "Upload a CSV of users; answers 202 at once while the rows are reviewed and applied")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJob> submit(@RequestParam("file") MultipartFile file,
                                     @RequestParam(defaultValue = "CREATE_ONLY") ImportMode mode,
                                     @RequestParam(required = false) String mirrorUser,
                                     @RequestParam(defaultValue = "false") boolean dryRun,
                                     @RequestParam(defaultValue = "true") boolean skipInvalidRows,
                                     @RequestParam(defaultValue = "true") boolean sendWelcomeEmails,
                                     Principal principal) {
        if (mode != ImportMode.CREATE_ONLY) {
            throw new ImportRejectedException("Mode not available yet", "Only mode=CREATE_ONLY is available in this version.");
        }
        if (mirrorUser != null && !mirrorUser.isBlank()) {
            throw new ImportRejectedException("Mirror user not available yet", "mirrorUser is not available in this version.");
        }
        if (dryRun) {
            throw new ImportRejectedException("Dry run not available yet", "dryRun=true is not available in this version.");
        }
        String submittedBy = principal == null ? "anonymous" : principal.getName();
        ImportJob job = submission.submit(file, new ImportOptions(mode, skipInvalidRows, sendWelcomeEmails, submittedBy,
                file.getOriginalFilename()));
        return ResponseEntity.accepted().location(URI.create("/api/imports/" + job.id())).body(job);
    }

    @Operation(summary = "One import job with its progress and counts")
    @GetMapping("/{id}")
    ImportJob job(@PathVariable UUID id) {
        return jobs.find(id).orElseThrow(() -> notFound(id));
    }

    @Operation(summary = "Recent import jobs, newest first")
    @GetMapping
    List<ImportJob> recent(@RequestParam(defaultValue = "50") int limit) {
        return jobs.recent(Math.max(1, Math.min(limit, 500)));
    }

    @Operation(summary = "The rows of an import with their outcomes, in file order")
    @GetMapping("/{id}/rows")
    List<RowView> rows(@PathVariable UUID id, @RequestParam(required = false) RowOutcome outcome,
                       @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        jobs.find(id).orElseThrow(() -> notFound(id));
        return rows.list(id, outcome, Math.max(0, page), Math.max(1, Math.min(size, 1000)));
    }

    @Operation(summary = "The import template: a header row with the canonical columns")
    @GetMapping(value = "/template.csv", produces = "text/csv")
    ResponseEntity<String> template() {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"user-import-template.csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(TEMPLATE);
    }

    private static ErrorResponseException notFound(UUID id) {
        ErrorResponseException e = new ErrorResponseException(HttpStatus.NOT_FOUND);
        e.setDetail("No import with id " + id);
        return e;
    }
}
