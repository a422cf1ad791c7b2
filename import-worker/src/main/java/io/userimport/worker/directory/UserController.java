package io.userimport.worker.directory;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
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

    @Operation(summary = "Users whose login id, email or name contains the text (for picking a mirror user)")
    @GetMapping
    List<UserView> search(@RequestParam(defaultValue = "") String search,
                          @RequestParam(defaultValue = "50") int limit) {
        return queries.search(search.trim(), Math.max(1, Math.min(limit, 500)));
    }

    @Operation(summary = "One user, by login id (ignoring case)")
    @GetMapping("/{loginId}")
    UserView user(@PathVariable String loginId) {
        return queries.find(loginId).orElseThrow(() -> {
            ErrorResponseException e = new ErrorResponseException(HttpStatus.NOT_FOUND);
            e.setDetail("No user with login id " + loginId);
            return e;
        });
    }
}
