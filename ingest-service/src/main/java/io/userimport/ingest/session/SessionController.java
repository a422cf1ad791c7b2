package io.userimport.ingest.session;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.security.DirectoryAccount;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The login form, and who is signed in with the token the page sends on changes. */
@Controller
class SessionController {

    @GetMapping(IngestSecurity.LOGIN_PAGE)
    String login() {
        return "login";
    }

    @Operation(summary = "Who is signed in, and the CSRF header and token the page sends with every change")
    @GetMapping("/api/session")
    @ResponseBody
    Session session(@AuthenticationPrincipal DirectoryAccount account, CsrfToken csrf) {
        return new Session(account.loginId(), account.fullName(), account.securityAdministrator(),
                csrf.getHeaderName(), csrf.getToken());
    }

    /** @param securityAdministrator whether the user may import (a member of Security Administrators) */
    record Session(String loginId, String fullName, boolean securityAdministrator, String csrfHeader,
                   String csrfToken) {
    }
}
