package io.userimport.ingest.imports;

import io.userimport.ingest.directory.DirectoryClient;
import io.userimport.model.Memberships;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Captures a job's mirror user's groups and business units once, when the job starts, so that
 * every row of the import carries the same set. A mirror user that does not exist fails the
 * job before any row is applied.
 */
@Component
class MirrorCapture {

    private static final Logger log = LoggerFactory.getLogger(MirrorCapture.class);

    private final DirectoryClient directory;
    private final ImportJobs jobs;
    private final Clock clock;

    MirrorCapture(DirectoryClient directory, ImportJobs jobs, Clock clock) {
        this.directory = directory;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * @return true when the job may publish its rows (no mirror user, or its memberships are
     *         captured); false when the job failed because its mirror user does not exist
     * @throws ImportWaitsException when the directory cannot be asked; the job says it is waiting, and is resumed
     */
    boolean capture(ImportJob job) {
        if (job.mirrorUser() == null || job.mirror() != null) {
            return true;
        }
        Optional<Memberships> memberships;
        try {
            memberships = directory.memberships(job.mirrorUser());
        } catch (RestClientException e) {
            throw new ImportWaitsException("Waiting for the user directory to look up mirror user '%s'; retrying."
                    .formatted(job.mirrorUser()), e);
        }
        if (memberships.isEmpty()) {
            jobs.markFailed(job.id(), ("Mirror user '%s' does not exist: no user has that login id or email. "
                    + "Nothing was applied; import again with an existing mirror user, or none.")
                    .formatted(job.mirrorUser()), clock.instant());
            log.warn("Import {} failed: mirror user '{}' does not exist", job.id(), job.mirrorUser());
            return false;
        }
        jobs.captureMirror(job.id(), memberships.get());
        return true;
    }
}
