package io.userimport.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event of the import pipeline. On the wire every event is JSON with a {@code type}
 * property naming the record and a {@code schemaVersion}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RowSubmitted.class, name = "RowSubmitted"),
        @JsonSubTypes.Type(value = RowProcessed.class, name = "RowProcessed"),
        @JsonSubTypes.Type(value = UserActivated.class, name = "UserActivated"),
        @JsonSubTypes.Type(value = ImportCancelled.class, name = "ImportCancelled"),
        @JsonSubTypes.Type(value = ImportFinished.class, name = "ImportFinished")
})
public sealed interface ImportEvent permits RowSubmitted, RowProcessed, UserActivated, ImportCancelled, ImportFinished {

    int schemaVersion();

    /** The import job this event belongs to. */
    java.util.UUID importId();
}
