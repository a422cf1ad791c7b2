package io.userimport.ingest.imports;

/**
 * One problem review found in a row.
 *
 * @param column the canonical column it concerns, or null for the row as a whole
 * @param value  the cell as uploaded; null for a password or password hash, which are never shown
 */
record Finding(String column, String problem, String value) {
}
