package io.userimport.ingest.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.ingest.directory.DirectoryClient.DirectoryUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The directory's user search, served beside the web page so that it can pick a mirror user. */
@RestController
class DirectoryController {

    private final DirectoryClient directory;

    DirectoryController(DirectoryClient directory) {
        this.directory = directory;
    }

    @Operation(summary = "Users whose login id, email or name contains the text, to pick a mirror user; "
            + "X-Total-Count says how many match")
    @GetMapping("/api/directory/users")
    ResponseEntity<List<DirectoryUser>> users(@RequestParam(defaultValue = "") String search,
                                              @RequestParam(defaultValue = "0") int page,
                                              @RequestParam(defaultValue = "10") int size) {
        return directory.search(search, Math.max(0, page), Math.max(1, Math.min(size, 100)));
    }
}
