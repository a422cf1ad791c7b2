package io.userimport.worker.rows;

import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import java.util.UUID;

/** One attempt of a row, its identity across redeliveries: its import, its number in the file and the attempt. */
record RowKey(UUID importId, int rowNumber, int attempt) {

    static RowKey of(RowSubmitted row) {
        return new RowKey(row.importId(), row.rowNumber(), row.attempt());
    }

    static RowKey of(RowProcessed outcome) {
        return new RowKey(outcome.importId(), outcome.rowNumber(), outcome.attempt());
    }
}
