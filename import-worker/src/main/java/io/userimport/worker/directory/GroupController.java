package io.userimport.worker.directory;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Groups and business units, which must exist before an import names them. */
@RestController
class GroupController {

    private final GroupRepository groups;
    private final BusinessUnitRepository businessUnits;

    GroupController(GroupRepository groups, BusinessUnitRepository businessUnits) {
        this.groups = groups;
        this.businessUnits = businessUnits;
    }

    @Operation(summary = "All groups, by name")
    @GetMapping("/api/groups")
    List<Group> groups() {
        return groups.findAll().stream().sorted(Comparator.comparing(Group::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    @Operation(summary = "Create a group")
    @PostMapping("/api/groups")
    ResponseEntity<Group> createGroup(@Valid @RequestBody NamedEntity body) {
        Group group = saveUnique("group", body, () -> groups.save(new Group(null, body.name().trim())));
        return ResponseEntity.created(URI.create("/api/groups/" + group.id())).body(group);
    }

    @Operation(summary = "All business units, by name")
    @GetMapping("/api/business-units")
    List<BusinessUnit> businessUnits() {
        return businessUnits.findAll().stream()
                .sorted(Comparator.comparing(BusinessUnit::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    @Operation(summary = "Create a business unit")
    @PostMapping("/api/business-units")
    ResponseEntity<BusinessUnit> createBusinessUnit(@Valid @RequestBody NamedEntity body) {
        BusinessUnit unit = saveUnique("business unit", body,
                () -> businessUnits.save(new BusinessUnit(null, body.name().trim())));
        return ResponseEntity.created(URI.create("/api/business-units/" + unit.id())).body(unit);
    }

    private static <T> T saveUnique(String kind, NamedEntity body, Supplier<T> save) {
        try {
            return save.get();
        } catch (DuplicateKeyException | DbActionExecutionException e) {
            if (e instanceof DbActionExecutionException && !(e.getCause() instanceof DuplicateKeyException)) {
                throw e;
            }
            ErrorResponseException conflict = new ErrorResponseException(HttpStatus.CONFLICT);
            conflict.setDetail("A " + kind + " named '" + body.name().trim() + "' exists already");
            throw conflict;
        }
    }
}
