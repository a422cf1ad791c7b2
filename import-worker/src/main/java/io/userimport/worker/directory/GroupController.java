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
    List<NamedView> groups() {
        return sorted(groups.findAll().stream().map(group -> new NamedView(group.id(), group.name())).toList());
    }

    @Operation(summary = "Create a group; a name taken (ignoring case) answers 409")
    @PostMapping("/api/groups")
    ResponseEntity<NamedView> createGroup(@Valid @RequestBody NamedEntity body) {
        Group group = saveUnique("group", body, () -> groups.save(new Group(null, body.name().trim())));
        return ResponseEntity.created(URI.create("/api/groups/" + group.id())).body(new NamedView(group.id(), group.name()));
    }

    @Operation(summary = "All business units, by name")
    @GetMapping("/api/business-units")
    List<NamedView> businessUnits() {
        return sorted(businessUnits.findAll().stream().map(unit -> new NamedView(unit.id(), unit.name())).toList());
    }

    @Operation(summary = "Create a business unit; a name taken (ignoring case) answers 409")
    @PostMapping("/api/business-units")
    ResponseEntity<NamedView> createBusinessUnit(@Valid @RequestBody NamedEntity body) {
        BusinessUnit unit = saveUnique("business unit", body,
                () -> businessUnits.save(new BusinessUnit(null, body.name().trim())));
        return ResponseEntity.created(URI.create("/api/business-units/" + unit.id()))
                .body(new NamedView(unit.id(), unit.name()));
    }

    private static List<NamedView> sorted(List<NamedView> views) {
        return views.stream().sorted(Comparator.comparing(NamedView::name, String.CASE_INSENSITIVE_ORDER)).toList();
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
