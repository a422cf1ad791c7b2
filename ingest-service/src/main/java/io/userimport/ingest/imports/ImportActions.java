package io.userimport.ingest.imports;

import java.util.UUID;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * What an administrator can do to a job after uploading it: start it after review, cancel it,
 * retry its failed rows. Each is a change of status that names the status it leaves, so a job
 * in any other state answers 409 with a sentence saying why.
 */
@Service
class ImportActions {

    private final ImportJobs jobs;
    private final ImportRows rows;
    private final Cancellations cancellations;
    private final ImportProcessor processor;
    private final TaskExecutor importExecutor;
    private final TransactionTemplate transactions;

    ImportActions(ImportJobs jobs, ImportRows rows, Cancellations cancellations, ImportProcessor processor,
                  TaskExecutor importExecutor, TransactionTemplate transactions) {
        this.jobs = jobs;
        this.rows = rows;
        this.cancellations = cancellations;
        this.processor = processor;
        this.importExecutor = importExecutor;
        this.transactions = transactions;
    }

    /**
     * Starts a job held for review; its flagged rows are skipped and end {@code FAILED} with their reason.
     *
     * @param mirrorUser the mirror user chosen now, or null to keep the one given on upload (if any)
     */
    ImportJob start(UUID id, String mirrorUser) {
        ImportJob job = find(id);
        if (!jobs.start(id, mirrorUser)) {
            throw conflict("Only a job awaiting review can be started; this one is " + job.status() + ".");
        }
        resume(id);
        return find(id);
    }

    /**
     * Cancels a job: one not started yet is discarded at once; a running one stops publishing,
     * and its rows not applied yet end {@code CANCELLED}.
     */
    ImportJob cancel(UUID id, String by) {
        ImportJob job = find(id);
        if (job.status() == ImportStatus.RUNNING) {
            if (!jobs.cancelRunning(id, by)) {
                throw conflict("The job finished before it could be cancelled.");
            }
            cancellations.announce(job, by);
            resume(id);
        } else if (job.status().isFinished() || job.status() == ImportStatus.CANCELLING
                || !cancellations.discard(job, by)) {
            throw conflict("The job is " + jobs.find(id).orElseThrow().status() + "; only a job not finished yet "
                    + "can be cancelled.");
        }
        return find(id);
    }

    /**
     * Puts the rows that failed in the directory through again, as a new attempt of each. Rows
     * that failed review would fail the same way: they need a corrected file.
     */
    ImportJob retry(UUID id) {
        ImportJob job = find(id);
        if (job.dryRun()) {
            throw conflict("A dry run changes nothing, so there is nothing to retry: upload the file again without dryRun.");
        }
        if (job.status() != ImportStatus.COMPLETED) {
            throw conflict("Only a completed job can be retried; this one is " + job.status() + ".");
        }
        int next = job.attempt() + 1;
        Integer retried = transactions.execute(status -> {
            int reset = rows.resetFailedForRetry(id, next);
            if (reset > 0 && !jobs.startRetry(id, next, reset)) {
                status.setRollbackOnly();
                return -1;
            }
            return reset;
        });
        if (retried == null || retried < 0) {
            throw conflict("The job changed while it was being retried; try again.");
        }
        if (retried == 0) {
            throw conflict("No row failed in the directory, so there is nothing to retry. Rows that failed review "
                    + "need a corrected file: download failures.csv, fix it and upload it.");
        }
        resume(id);
        return find(id);
    }

    private void resume(UUID id) {
        importExecutor.execute(() -> processor.process(id));
    }

    private ImportJob find(UUID id) {
        return jobs.find(id).orElseThrow(() -> ImportController.notFound(id));
    }

    private static ErrorResponseException conflict(String detail) {
        ErrorResponseException e = new ErrorResponseException(HttpStatus.CONFLICT);
        e.setDetail(detail);
        return e;
    }
}
