package io.userimport.model;

/**
 * The one outcome every row ends with. {@link #CANCELLED} is the outcome of a row that was not
 * applied because its import was cancelled first.
 */
public enum RowOutcome {
    CREATED, UPDATED, UNCHANGED, FAILED, CANCELLED
}
