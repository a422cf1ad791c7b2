package io.userimport.worker.directory;

/** A group or business unit as clients see it. */
public record NamedView(long id, String name) {
}
