package io.userimport.worker.directory;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A group (access profile) users can belong to. */
@Table("user_group")
record Group(@Id Long id, String name) {
}
