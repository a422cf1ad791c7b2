package io.userimport.ingest.imports;

/**
 * One problem review found, as clients see it.
 *
 * @param column the canonical column it concerns, or null for the row as a whole
 * @param value  the cell as uploaded; never shown for a password or password hash
 */
public record FindingView(int rowNumber, String column, String problem, String value) {
}
