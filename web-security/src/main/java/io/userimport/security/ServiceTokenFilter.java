package io.userimport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in the callers that are not people: another service of the pipeline with the internal
 * token ({@link Roles#SERVICE}), a metrics scraper with the metrics token ({@link Roles#METRICS}),
 * each as {@code Authorization: Bearer <token>}. An unknown bearer token is refused with 401.
 */
public class ServiceTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] internalToken;
    private final byte[] metricsToken;
    private final ProblemResponses problems;

    public ServiceTokenFilter(SecurityProperties properties, ProblemResponses problems) {
        this.internalToken = bytes(properties.internalToken());
        this.metricsToken = bytes(properties.metricsToken());
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] token = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        String role = matches(internalToken, token) ? Roles.SERVICE : matches(metricsToken, token) ? Roles.METRICS : null;
        if (role == null) {
            problems.commence(request, response, new BadCredentialsException("Unknown bearer token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new PreAuthenticatedAuthenticationToken(role.toLowerCase() + "-token", null,
                List.of(new SimpleGrantedAuthority("ROLE_" + role))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static boolean matches(byte[] expected, byte[] given) {
        return expected != null && MessageDigest.isEqual(expected, given);
    }

    private static byte[] bytes(String token) {
        return token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }
}
