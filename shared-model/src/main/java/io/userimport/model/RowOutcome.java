package io.userimport.model;

/** The one outcome every row ends with. */
public enum RowOutcome {
    CREATED, UPDATED, UNCHANGED, FAILED
}
