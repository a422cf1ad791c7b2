package io.userimport.notification.failures;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.notification.Paging;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FailureController {

    private final Failures failures;

    FailureController(Failures failures) {
        this.failures = failures;
    }

    @Operation(summary = "The failed rows of an import, with their reasons, in file order: a page of the rows "
            + "after afterRow (X-Total-Count says how many in all; Link rel=next gives the next page)")
    @GetMapping("/api/failures")
    ResponseEntity<List<FailureView>> failures(@RequestParam UUID importId,
                                               @RequestParam(defaultValue = "0") int afterRow,
                                               @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        int pageSize = Paging.size(size);
        List<FailureView> page = failures.list(importId, afterRow, pageSize);
        return Paging.page(page, page, failures.count(importId), pageSize, FailureView::rowNumber);
    }
}
