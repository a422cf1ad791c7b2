package io.userimport.worker.directory;

import org.springframework.data.repository.ListCrudRepository;

interface GroupRepository extends ListCrudRepository<Group, Long> {
}
