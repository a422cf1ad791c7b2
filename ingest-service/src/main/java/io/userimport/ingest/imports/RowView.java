package io.userimport.ingest.imports;

import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import java.util.List;

/**
 * One row of an import as clients see it.
 *
 * @param attempt 1, or the attempt of its latest retry
 * @param outcome null while the row waits for its outcome
 * @param reason  why the row failed (review or directory), or null
 * @param changes what an {@code UPDATED} row changed (in a dry run: would change), from what to what
 */
public record RowView(int rowNumber, int attempt, String loginId, String email, RowOutcome outcome, String reason,
                      List<String> warnings, List<PropertyChange> changes) {
}
