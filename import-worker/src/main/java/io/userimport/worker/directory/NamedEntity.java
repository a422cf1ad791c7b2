package io.userimport.worker.directory;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body that creates a group or a business unit. A name cannot hold {@code ;}, the CSV list separator. */
record NamedEntity(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[^;]*", message = "must not contain ';'") String name) {
}
