package io.userimport.ingest.imports;

/** Where an import job is in its life. */
public enum ImportStatus {
    /** The file is stored; its rows are not read yet. */
    RECEIVED,
    /** Every row is being read and checked, on its own and against the rest of the file. */
    VALIDATING,
    /** Rows are published and their outcomes are arriving. */
    RUNNING,
    /** Every row has its outcome, whatever the outcomes. */
    COMPLETED,
    /** The import stopped before applying any row: the file could not be read, or rows failed review and were not to be skipped. */
    FAILED,
    CANCELLED;

    boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
