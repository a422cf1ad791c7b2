package io.userimport.notification.welcome;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.notification.reports.Reports;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final WelcomeEmails welcomeEmails;
    private final Reports reports;

    NotificationController(WelcomeEmails welcomeEmails, Reports reports) {
        this.welcomeEmails = welcomeEmails;
        this.reports = reports;
    }

    @Operation(summary = "The emails of an import (welcome emails, then completion reports): what was sent or "
            + "failed to send, to whom, and when")
    @GetMapping("/api/notifications")
    List<NotificationView> notifications(@RequestParam UUID importId) {
        return java.util.stream.Stream.concat(welcomeEmails.list(importId).stream(), reports.list(importId).stream())
                .toList();
    }
}
