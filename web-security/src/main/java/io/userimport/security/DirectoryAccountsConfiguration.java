package io.userimport.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * For a service that does not own the directory: its callers' accounts come from the import
 * worker ({@link RemoteDirectoryAccounts}), and sign in through {@link DirectoryAuthenticationProvider}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class DirectoryAccountsConfiguration {

    @Bean
    DirectoryAccounts directoryAccounts(SecurityProperties properties) {
        return new RemoteDirectoryAccounts(properties);
    }

    @Bean
    DirectoryAuthenticationProvider directoryAuthentication(DirectoryAccounts accounts) {
        return new DirectoryAuthenticationProvider(accounts);
    }
}
