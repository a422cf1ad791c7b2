package io.userimport.worker.rows;

import java.util.UUID;

/** A row's identity across redeliveries: its import and its number in the file. */
record RowKey(UUID importId, int rowNumber) {
}
