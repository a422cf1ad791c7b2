package io.userimport.notification.welcome;

import io.swagger.v3.oas.annotations.Operation;
import io.userimport.notification.welcome.Activation.TokenCheck;
import io.userimport.notification.welcome.Activation.TokenState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The page a welcome email links to (template {@code set-password.html}): the new user chooses a password, once. */
@Controller
class SetPasswordController {

    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_BYTES = 72;

    private static final String PAGE = "set-password";

    private final Activation activation;

    SetPasswordController(Activation activation) {
        this.activation = activation;
    }

    @Operation(summary = "The set-password form for a welcome email's link")
    @GetMapping(value = "/set-password", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView form(@RequestParam(required = false) String token, @RequestHeader HttpHeaders headers) {
        TokenCheck check = activation.check(token);
        if (check.state() != TokenState.VALID) {
            return refused(check.state(), headers);
        }
        return form(HttpStatus.OK, token, check.loginId(), List.of());
    }

    @Operation(summary = "Set the password with a welcome email's single-use token")
    @PostMapping(value = "/set-password", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView set(@RequestParam(required = false) String token, @RequestParam String password,
                     @RequestParam String confirmation, @RequestHeader HttpHeaders headers) {
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
            return refused(check.state(), headers);
        }
        if (!problems.isEmpty()) {
            if (!person(headers)) {
                throw problem(HttpStatus.BAD_REQUEST, String.join(" ", problems));
            }
            return form(HttpStatus.BAD_REQUEST, token, check.loginId(), problems);
        }
        TokenState state = activation.activate(token, password);
        if (state != TokenState.VALID) {
            return refused(state, headers);
        }
        return new ModelAndView(PAGE, Map.of("page", "done", "loginId", check.loginId()), HttpStatus.OK);
    }

    private static ModelAndView refused(TokenState state, HttpHeaders headers) {
        String message = switch (state) {
            case EXPIRED -> "This link has expired. Ask your administrator for a new one.";
            case USED -> "This link was already used: the password is set. Ask your administrator if you need to reset it.";
            default -> "This link is not valid. Check that you copied all of it from the email.";
        };
        HttpStatus status = state == TokenState.UNKNOWN ? HttpStatus.NOT_FOUND : HttpStatus.GONE;
        if (!person(headers)) {
            throw problem(status, message);
        }
        return new ModelAndView(PAGE, Map.of("page", "refused", "message", message), status);
    }

    /**
     * Whether a person's browser asks (it names HTML among what it accepts): it gets the page,
     * with the refusal in words. Any other client gets a problem body.
     */
    private static boolean person(HttpHeaders headers) {
        return headers.getAccept().stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML)
                && !type.isWildcardType());
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    private static ModelAndView form(HttpStatus status, String token, String loginId, List<String> problems) {
        return new ModelAndView(PAGE, Map.of("page", "form", "token", token, "loginId", loginId, "problems", problems,
                "minLength", MIN_PASSWORD_LENGTH), status);
    }
}
