package io.userimport.worker.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.worker.directory.NamedEntities.Kind;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
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

    private final NamedEntities entities;

    GroupController(NamedEntities entities) {
        this.entities = entities;
    }

    @Operation(summary = "All groups, by name")
    @GetMapping("/api/groups")
    List<NamedView> groups() {
        return entities.all(Kind.GROUP);
    }

    @Operation(summary = "Create a group; a name taken (ignoring case) answers 409")
    @PostMapping("/api/groups")
    ResponseEntity<NamedView> createGroup(@Valid @RequestBody NamedEntity body) {
        return create(Kind.GROUP, body, "/api/groups/");
    }

    @Operation(summary = "All business units, by name")
    @GetMapping("/api/business-units")
    List<NamedView> businessUnits() {
        return entities.all(Kind.BUSINESS_UNIT);
    }

    @Operation(summary = "Create a business unit; a name taken (ignoring case) answers 409")
    @PostMapping("/api/business-units")
    ResponseEntity<NamedView> createBusinessUnit(@Valid @RequestBody NamedEntity body) {
        return create(Kind.BUSINESS_UNIT, body, "/api/business-units/");
    }

    private ResponseEntity<NamedView> create(Kind kind, NamedEntity body, String path) {
        String name = body.name().trim();
        NamedView created = entities.create(kind, name).orElseThrow(() -> {
            ErrorResponseException conflict = new ErrorResponseException(HttpStatus.CONFLICT);
            conflict.setDetail("A " + kind.noun + " named '" + name + "' exists already");
            return conflict;
        });
        return ResponseEntity.created(URI.create(path + created.id())).body(created);
    }
}
