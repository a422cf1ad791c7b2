package io.userimport.ingest.imports;

import io.userimport.model.RowOutcome;
import java.util.List;

/**
 * One row of an import as clients see it.
 *
 * @param outcome null while the row waits for its outcome
 * @param reason  why the row failed (review or directory), or null
 */
public record RowView(int rowNumber, String loginId, String email, RowOutcome outcome, String reason,
                      List<String> warnings) {
}
