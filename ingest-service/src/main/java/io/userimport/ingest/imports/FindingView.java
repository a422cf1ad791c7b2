package io.userimport.ingest.imports;

/**
 * One problem review found, as clients see it.
 *
 * @param column the canonical column it concerns, or null for the row as a whole
 * @param value   the cell as uploaded; never shown for a password or password hash
 * @param warning true for something to know that does not keep the row from being applied
 */
public record FindingView(int rowNumber, String column, String problem, String value, boolean warning) {
}
