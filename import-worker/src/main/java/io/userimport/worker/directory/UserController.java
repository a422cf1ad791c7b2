package io.userimport.worker.directory;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading the directory. */
@RestController
@RequestMapping("/api/users")
class UserController {

    private final DirectoryQueries queries;

    UserController(DirectoryQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "One page of the users whose login id, email or name contains the text, by login id "
            + "(for picking a mirror user); the X-Total-Count header says how many match in all")
    @GetMapping
    ResponseEntity<List<UserView>> search(@RequestParam(defaultValue = "") String search,
                                          @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "50") int size) {
        String text = search.trim();
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(queries.count(text)))
                .body(queries.search(text, Math.max(0, page), Math.max(1, Math.min(size, 500))));
    }

    @Operation(summary = "One user, by login id or, failing that, by email (both ignoring case)")
    @GetMapping("/{loginId}")
    UserView user(@PathVariable String loginId) {
        return queries.find(loginId).orElseThrow(() -> {
            ErrorResponseException e = new ErrorResponseException(HttpStatus.NOT_FOUND);
            e.setDetail("No user with login id or email " + loginId);
            return e;
        });
    }
}
