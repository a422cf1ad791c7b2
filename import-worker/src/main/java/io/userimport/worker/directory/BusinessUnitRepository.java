package io.userimport.worker.directory;

import org.springframework.data.repository.ListCrudRepository;

interface BusinessUnitRepository extends ListCrudRepository<BusinessUnit, Long> {
}
