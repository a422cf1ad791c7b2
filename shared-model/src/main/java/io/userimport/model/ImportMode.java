package io.userimport.model;

/** How an import treats users that already exist. */
public enum ImportMode {
    /** A row whose user already exists fails with {@code User already exists}. */
    CREATE_ONLY,
    /** A row whose user already exists updates that user. */
    UPSERT
}
