package io.userimport.ingest.imports;

/** Where an import job is. A job ends {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}. */
public enum ImportStatus {
    /** Uploaded; its header was accepted. */
    RECEIVED,
    /** Its rows are being read, checked on their own and against the rest of the file. */
    VALIDATING,
    /** Every row is reviewed; nothing is applied until an administrator starts it (or cancels it). */
    AWAITING_REVIEW,
    /**
     * Rows are published and their outcomes are arriving. A job that may skip invalid rows and is
     * not held for review runs while its later rows are still being reviewed.
     */
    RUNNING,
    /** Cancelled while running: rows not applied yet are reported {@code CANCELLED} as they drain. */
    CANCELLING,
    /** Every row has its outcome, whatever the outcomes. */
    COMPLETED,
    /**
     * The import stopped before applying any row: the file could not be read, rows failed review
     * and were not to be skipped, or its mirror user does not exist.
     */
    FAILED,
    /** Cancelled: every row has its outcome, and the rows not applied before the cancellation are {@code CANCELLED}. */
    CANCELLED;

    /** Running or cancelling: its rows are being published, or their outcomes awaited. */
    boolean isPublishing() {
        return this == RUNNING || this == CANCELLING;
    }

    boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
