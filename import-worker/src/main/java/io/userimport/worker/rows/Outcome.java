package io.userimport.worker.rows;

import io.userimport.model.RowProcessed;

/**
 * A row's outcome with the JSON it is stored and published as: serialized once, when it is
 * decided, so that a redelivered row publishes the very bytes its first delivery stored.
 */
record Outcome(RowProcessed event, byte[] json) {
}
