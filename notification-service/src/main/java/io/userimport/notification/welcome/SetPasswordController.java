package io.userimport.notification.welcome;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.notification.welcome.Activation.TokenCheck;
import io.userimport.notification.welcome.Activation.TokenState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/** The page a welcome email links to: the new user chooses a password, once. */
@Controller
class SetPasswordController {

    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_BYTES = 72;

    private final Activation activation;

    SetPasswordController(Activation activation) {
        this.activation = activation;
    }

    @Operation(summary = "The set-password form for a welcome email's link")
    @GetMapping(value = "/set-password", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> form(@RequestParam(required = false) String token) {
        TokenCheck check = activation.check(token);
        if (check.state() != TokenState.VALID) {
            return refused(check.state());
        }
        return page(HttpStatus.OK, form(token, check.loginId(), List.of()));
    }

    @Operation(summary = "Set the password with a welcome email's single-use token")
    @PostMapping(value = "/set-password", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> set(@RequestParam(required = false) String token, @RequestParam String password,
                               @RequestParam String confirmation) {
        List<String> problems = new ArrayList<>();
        if (password.length() < MIN_PASSWORD_LENGTH) {
            problems.add("The password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            problems.add("The password can be at most " + MAX_PASSWORD_BYTES + " bytes long.");
        }
        if (!password.equals(confirmation)) {
            problems.add("The two passwords differ.");
        }
        TokenCheck check = activation.check(token);
        if (check.state() != TokenState.VALID) {
            return refused(check.state());
        }
        if (!problems.isEmpty()) {
            return page(HttpStatus.BAD_REQUEST, form(token, check.loginId(), problems));
        }
        TokenState state = activation.activate(token, password);
        if (state != TokenState.VALID) {
            return refused(state);
        }
        return page(HttpStatus.OK, "<h1>Your password is set</h1><p>You can now sign in as <b>"
                + HtmlUtils.htmlEscape(check.loginId()) + "</b>.</p>");
    }

    private static ResponseEntity<String> refused(TokenState state) {
        String message = switch (state) {
            case EXPIRED -> "This link has expired. Ask your administrator for a new one.";
            case USED -> "This link was already used: the password is set. Ask your administrator if you need to reset it.";
            default -> "This link is not valid. Check that you copied all of it from the email.";
        };
        return page(state == TokenState.UNKNOWN ? HttpStatus.NOT_FOUND : HttpStatus.GONE,
                "<h1>Cannot set the password</h1><p>" + message + "</p>");
    }

    private static String form(String token, String loginId, List<String> problems) {
        StringBuilder html = new StringBuilder("<h1>Choose your password</h1><p>Login id: <b>")
                .append(HtmlUtils.htmlEscape(loginId)).append("</b></p>");
        problems.forEach(problem -> html.append("<p class=\"problem\">").append(HtmlUtils.htmlEscape(problem)).append("</p>"));
        return html.append("""
                <form method="post" action="/set-password">
                  <input type="hidden" name="token" value="%s">
                  <label>New password <input type="password" name="password" minlength="%d" required autocomplete="new-password"></label>
                  <label>Repeat it <input type="password" name="confirmation" required autocomplete="new-password"></label>
                  <button type="submit">Set password</button>
                </form>
                """.formatted(HtmlUtils.htmlEscape(token), MIN_PASSWORD_LENGTH)).toString();
    }

    private static ResponseEntity<String> page(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .body("""
                        <!doctype html><html lang="en"><head><meta charset="utf-8">
                        <meta name="viewport" content="width=device-width, initial-scale=1"><title>Set your password</title>
                        <style>body{font-family:system-ui,sans-serif;max-width:28em;margin:4em auto;padding:0 1em}
                        label{display:block;margin:1em 0}input{display:block;width:100%;padding:.5em;margin-top:.3em}
                        button{padding:.6em 1.2em}.problem{color:#b00020}</style></head><body>
                        """ + body + "</body></html>");
    }
}
