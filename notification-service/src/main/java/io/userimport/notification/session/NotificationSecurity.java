package io.userimport.notification.session;

import io.userimport.security.DirectoryAccountsConfiguration;
import io.userimport.security.PipelineSecurity;
import io.userimport.security.ProblemResponses;
import io.userimport.security.RemoteDirectoryAccounts;
import io.userimport.security.Roles;
import io.userimport.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may use the notification service: its API takes HTTP Basic credentials of the directory's
 * Security Administrators (checked by the import worker, see {@link RemoteDirectoryAccounts}). The
 * set-password page is open, as its single-use token is the credential; its form carries a CSRF
 * token as well. No other request is signed in by a cookie, so none other needs one.
 */
@Configuration(proxyBeanMethods = false)
@Import(DirectoryAccountsConfiguration.class)
class NotificationSecurity {

    @Bean
    SecurityFilterChain security(HttpSecurity http, SecurityProperties properties) throws Exception {
        ProblemResponses problems = new ProblemResponses(null);
        PipelineSecurity.common(http, problems, properties)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; style-src 'unsafe-inline'; "
                                + "form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .csrf(csrf -> csrf.ignoringRequestMatchers(PipelineSecurity.SIGNED_IN_BY_HEADER))
                .authorizeHttpRequests(rules -> {
                    PipelineSecurity.commonRules(rules);
                    rules.requestMatchers("/set-password").permitAll()
                            .anyRequest().hasRole(Roles.SECURITY_ADMIN);
                });
        return http.build();
    }
}
