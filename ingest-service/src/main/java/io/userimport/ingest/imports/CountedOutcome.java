package io.userimport.ingest.imports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.userimport.model.PropertyChange;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What this service keeps of a row's outcome: the fields of {@link RowProcessed} that it stores
 * and counts. Its listener reads each event as this, skipping the rest (the user's login id,
 * email, names, status and whether a welcome email is due), which it would otherwise build for
 * every row of every import only to drop them: reading whole events was half of the listener's
 * processor time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CountedOutcome(UUID importId, int rowNumber, int attempt, RowOutcome outcome, String reason,
                      List<String> warnings, List<PropertyChange> changes, Instant processedAt) {

    CountedOutcome {
        attempt = Math.max(attempt, 1);
        warnings = warnings == null ? List.of() : warnings;
        changes = changes == null ? List.of() : changes;
    }
}
