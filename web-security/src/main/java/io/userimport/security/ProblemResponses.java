package io.userimport.security;

import io.userimport.problems.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers a caller who is not signed in (401) or not allowed (403) with an RFC 9457 problem body.
 * Only API clients are challenged for Basic credentials: a browser (a request accepting HTML, or
 * the page's own {@code fetch}, marked {@code X-Requested-With}) never is, so it never caches
 * Basic credentials that a forged cross-site request could ride on. A browser navigating to a
 * page of a service with a login form is sent there instead.
 */
public class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final String loginPage;

    /** @param loginPage where a browser navigating to a protected page signs in, or null for an API-only service */
    public ProblemResponses(String loginPage) {
        this.loginPage = loginPage;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + "; try again shortly.");
            return;
        }
        if (loginPage != null && navigation(request)) {
            response.sendRedirect(request.getContextPath() + loginPage);
            return;
        }
        if (!browser(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"user-import\", charset=\"UTF-8\"");
        }
        write(request, response, HttpStatus.UNAUTHORIZED, e instanceof InsufficientAuthenticationException
                ? "Sign in first: send HTTP Basic credentials of an active user of the directory."
                : "The login id or password is wrong, or the user may not sign in (only active native users can).");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        if (e instanceof CsrfException && !signedIn) {
            commence(request, response, new InsufficientAuthenticationException("Not signed in"));
            return;
        }
        write(request, response, HttpStatus.FORBIDDEN, e instanceof CsrfException
                ? "The request carries no valid CSRF token: send the X-CSRF-TOKEN header the page gets from /api/session."
                : "Only members of the Security Administrators group may use this API.");
    }

    private static boolean navigation(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return "GET".equals(request.getMethod()) && accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)
                && !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    private static boolean browser(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return request.getHeader("X-Requested-With") != null
                || accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    /** Writes a problem body the way Spring MVC's own problem details look. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Problems.write(response, status.value(), detail, request.getRequestURI());
    }
}
