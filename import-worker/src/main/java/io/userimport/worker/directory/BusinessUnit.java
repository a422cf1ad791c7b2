package io.userimport.worker.directory;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A business unit (access unit, branch) users can belong to. */
@Table("business_unit")
record BusinessUnit(@Id Long id, String name) {
}
