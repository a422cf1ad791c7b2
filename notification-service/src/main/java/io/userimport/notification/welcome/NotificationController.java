package io.userimport.notification.welcome;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.notification.Paging;
import io.userimport.notification.reports.Reports;
import io.userimport.security.DirectoryAccount;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final WelcomeEmails welcomeEmails;
    private static final Logger log = LoggerFactory.getLogger(NotificationController.class);

    private final Reports reports;
    private final Clock clock;

    NotificationController(WelcomeEmails welcomeEmails, Reports reports, Clock clock) {
        this.welcomeEmails = welcomeEmails;
        this.reports = reports;
        this.clock = clock;
    }

    @Operation(summary = "The emails of an import (welcome emails by row, then on the first page its completion "
            + "reports): what was sent or failed to send, to whom, and when. A page holds the welcome emails after "
            + "afterRow (X-Total-Count says how many in all; Link rel=next gives the next page)")
    @GetMapping("/api/notifications")
    ResponseEntity<List<NotificationView>> notifications(@RequestParam UUID importId,
                                                         @RequestParam(defaultValue = "0") int afterRow,
                                                         @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        int pageSize = Paging.size(size);
        List<NotificationView> welcome = welcomeEmails.list(importId, afterRow, pageSize);
        List<NotificationView> page = afterRow > 0 ? welcome
                : Stream.concat(welcome.stream(), reports.list(importId).stream()).toList();
        return Paging.page(welcome, page, welcomeEmails.count(importId), pageSize, NotificationView::rowNumber);
    }

    @Operation(summary = "Send a user's welcome email again, with a fresh link: the link sent before stops working "
            + "at once. 404 when the user has no welcome email, 409 when they set their password already")
    @PostMapping("/api/welcome-emails/{loginId}/resend")
    NotificationView resend(@PathVariable String loginId, @AuthenticationPrincipal DirectoryAccount account) {
        NotificationView queued = welcomeEmails.resend(loginId, clock.instant()).orElseThrow(() -> {
            boolean activated = welcomeEmails.activated(loginId);
            ErrorResponseException e = new ErrorResponseException(activated ? HttpStatus.CONFLICT : HttpStatus.NOT_FOUND);
            e.setDetail(activated ? "User " + loginId + " has set their password already: they need no welcome email."
                    : "No welcome email was ever queued for user " + loginId + ".");
            return e;
        });
        log.info("Welcome email of {} (row {} of import {}) queued again by {}", queued.loginId(), queued.rowNumber(),
                queued.importId(), account.loginId());
        return queued;
    }
}
