package io.userimport.notification.welcome;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final WelcomeEmails welcomeEmails;

    NotificationController(WelcomeEmails welcomeEmails) {
        this.welcomeEmails = welcomeEmails;
    }

    @Operation(summary = "The emails of an import: what was sent or failed to send, to whom, and when")
    @GetMapping("/api/notifications")
    List<NotificationView> notifications(@RequestParam UUID importId) {
        return welcomeEmails.list(importId);
    }
}
