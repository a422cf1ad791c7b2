package io.userimport.ingest.imports;

import io.userimport.model.ImportMode;

/**
 * What the administrator chose when uploading a file.
 *
 * @param mirrorUser login id or email of the user whose groups and business units created users inherit, or null
 * @param dryRun     report what every row would do, changing nothing
 * @param review     stop after validation until the job is started or cancelled
 * @param submittedBy      the login id of who submitted it, or {@code system} for the schedule
 * @param submittedByEmail where the completion report goes, or null
 * @param scheduled        submitted by the schedule ({@code app.ingest.schedule})
 */
record ImportOptions(ImportMode mode, String mirrorUser, boolean dryRun, boolean review, boolean skipInvalidRows,
                     boolean sendWelcomeEmails, String submittedBy, String submittedByEmail, boolean scheduled,
                     String fileName) {
}
