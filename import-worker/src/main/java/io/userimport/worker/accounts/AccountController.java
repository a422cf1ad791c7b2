package io.userimport.worker.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.security.DirectoryAccount;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the other services check a caller: the caller's own credentials ({@code /me}), or, with the
 * internal token, a signed-in user's current standing.
 */
@RestController
@RequestMapping("/api/auth")
class AccountController {

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @Operation(summary = "Who the credentials sign in as, with their roles (any active native user)")
    @GetMapping("/me")
    DirectoryAccount me(Principal principal) {
        return account(principal.getName());
    }

    @Operation(summary = "A user's current standing: 404 when the user may not sign in (services only)")
    @GetMapping("/users/{loginId}")
    DirectoryAccount standing(@PathVariable String loginId) {
        return account(loginId);
    }

    private DirectoryAccount account(String loginId) {
        return accounts.find(loginId).orElseThrow(() -> {
            ErrorResponseException e = new ErrorResponseException(HttpStatus.NOT_FOUND);
            e.setDetail("No active native user " + loginId);
            return e;
        });
    }
}
