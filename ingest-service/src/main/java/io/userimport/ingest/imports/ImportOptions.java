package io.userimport.ingest.imports;

import io.userimport.model.ImportMode;

/** What the administrator chose when uploading a file. */
record ImportOptions(ImportMode mode, boolean skipInvalidRows, boolean sendWelcomeEmails, String submittedBy,
                     String fileName) {
}
