package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * An administrator cancelled an import. Published by the ingest service on {@link Topics#IMPORTS},
 * keyed by the import id; the worker then reports every row of that import that it has not
 * applied yet as {@link RowOutcome#CANCELLED} instead of applying it.
 */
@JsonTypeName("ImportCancelled")
public record ImportCancelled(int schemaVersion, UUID importId, String cancelledBy, Instant cancelledAt)
        implements ImportEvent {

    public static final int SCHEMA_VERSION = 1;

    /** The reason of every row that ends {@link RowOutcome#CANCELLED}, whichever service ends it. */
    public static final String ROW_REASON = "Not applied: the import was cancelled";

    public static ImportCancelled of(UUID importId, String cancelledBy, Instant at) {
        return new ImportCancelled(SCHEMA_VERSION, importId, cancelledBy, at);
    }
}
