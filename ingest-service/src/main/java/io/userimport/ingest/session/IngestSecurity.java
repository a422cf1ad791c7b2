package io.userimport.ingest.session;

import io.userimport.security.AccountRecheckFilter;
import io.userimport.security.DirectoryAccounts;
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
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Who may use the ingest service. People sign in with the directory's accounts (checked by the
 * import worker, see {@link RemoteDirectoryAccounts}): API clients with HTTP Basic on every
 * request, the web page through the login form and a session cookie. A session's requests that
 * change something carry the session's CSRF token; requests signed in by their own
 * {@code Authorization} header need none, as no browser ever sends one on its own (browsers are
 * never challenged for Basic credentials, see {@link ProblemResponses}).
 */
@Configuration(proxyBeanMethods = false)
@Import(DirectoryAccountsConfiguration.class)
class IngestSecurity {

    static final String LOGIN_PAGE = "/login";

    @Bean
    SecurityFilterChain security(HttpSecurity http, SecurityProperties properties, DirectoryAccounts accounts)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(LOGIN_PAGE);
        PipelineSecurity.common(http, problems, properties)
                .formLogin(form -> form.loginPage(LOGIN_PAGE).defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl(LOGIN_PAGE + "?signedOut"))
                .csrf(csrf -> csrf.ignoringRequestMatchers(PipelineSecurity.SIGNED_IN_BY_HEADER))
                .addFilterAfter(new AccountRecheckFilter(accounts), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(rules -> {
                    PipelineSecurity.commonRules(rules);
                    rules.requestMatchers("/login.css", "/favicon.ico").permitAll()
                            .requestMatchers("/api/session").authenticated()
                            .anyRequest().hasRole(Roles.SECURITY_ADMIN);
                });
        return http.build();
    }
}
