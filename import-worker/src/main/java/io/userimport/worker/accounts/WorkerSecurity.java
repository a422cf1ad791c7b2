package io.userimport.worker.accounts;

import io.userimport.model.CaseKey;
import io.userimport.security.PipelineSecurity;
import io.userimport.security.ProblemResponses;
import io.userimport.security.Roles;
import io.userimport.security.SecurityProperties;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.jdbc.JdbcDaoImpl;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The worker signs its callers in itself, from the directory it owns: HTTP Basic checked by
 * Spring Security against the stored hashes, no session, no CSRF (no cookie ever signs a request
 * in, and browsers are never asked for Basic credentials, see {@link ProblemResponses}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class WorkerSecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    DaoAuthenticationProvider directoryAuthentication(DataSource dataSource, PasswordEncoder passwordEncoder) {
        JdbcDaoImpl users = new JdbcDaoImpl() {
            @Override
            public UserDetails loadUserByUsername(String loginId) {
                return super.loadUserByUsername(CaseKey.of(loginId)); // the queries compare login keys
            }
        };
        users.setUsernameBasedPrimaryKey(false); // the account is named as the directory spells it
        users.setDataSource(dataSource);
        users.setUsersByUsernameQuery(Accounts.USER_BY_LOGIN_ID);
        users.setAuthoritiesByUsernameQuery(Accounts.ROLES_BY_LOGIN_ID);
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(passwordEncoder);
        return provider;
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, SecurityProperties properties) throws Exception {
        ProblemResponses problems = new ProblemResponses(null);
        PipelineSecurity.common(http, problems, properties)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules -> {
                    PipelineSecurity.commonRules(rules);
                    rules.requestMatchers("/api/auth/me").authenticated()
                            .requestMatchers("/api/auth/users/**").hasRole(Roles.SERVICE)
                            .requestMatchers(HttpMethod.GET, "/api/users", "/api/users/**")
                            .hasAnyRole(Roles.SECURITY_ADMIN, Roles.SERVICE)
                            .anyRequest().hasRole(Roles.SECURITY_ADMIN);
                });
        return http.build();
    }
}
