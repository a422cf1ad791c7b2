package io.userimport.notification.failures;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FailureController {

    private final Failures failures;

    FailureController(Failures failures) {
        this.failures = failures;
    }

    @Operation(summary = "The failed rows of an import, with their reasons, in file order")
    @GetMapping("/api/failures")
    List<FailureView> failures(@RequestParam UUID importId) {
        return failures.list(importId);
    }
}
