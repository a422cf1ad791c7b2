package io.userimport.security;

import jakarta.servlet.DispatcherType;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/** What the three services' security has in common. */
public final class PipelineSecurity {

    private PipelineSecurity() {
    }

    /**
     * HTTP Basic and the service tokens as ways to sign in, 401 and 403 as problem bodies, and the
     * rules every service shares: health and the API documents open, Prometheus metrics to the
     * metrics token (or a Security Administrator), the other actuator endpoints to Security
     * Administrators.
     */
    public static HttpSecurity common(HttpSecurity http, ProblemResponses problems, SecurityProperties properties) {
        return http
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterBefore(new ServiceTokenFilter(properties, problems), BasicAuthenticationFilter.class);
    }

    /**
     * For a service whose browser pages use a session: a request signed in by its own
     * {@code Authorization} header needs no CSRF token, since no browser ever sends that header on
     * its own (browsers are never challenged for Basic credentials, see {@link ProblemResponses}).
     */
    public static final RequestMatcher SIGNED_IN_BY_HEADER = request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null;

    /** The shared rules; a service adds its own after them. */
    public static void commonRules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**")
                .permitAll()
                .requestMatchers("/actuator/prometheus").hasAnyRole(Roles.METRICS, Roles.SECURITY_ADMIN)
                .requestMatchers("/actuator/**").hasRole(Roles.SECURITY_ADMIN);
    }
}
