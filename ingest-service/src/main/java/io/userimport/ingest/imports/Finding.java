package io.userimport.ingest.imports;

/**
 * One problem review found in a row.
 *
 * @param column the canonical column it concerns, or null for the row as a whole
 * @param value   the cell as uploaded; null for a password or password hash, which are never shown
 * @param warning true for something to know that does not keep the row from being applied
 */
record Finding(String column, String problem, String value, Boolean warning) {

    Finding {
        warning = warning != null && warning; // absent from findings stored before warnings existed
    }
}
