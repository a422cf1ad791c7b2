package io.userimport.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/** Signs in a login id and password (Basic or the login form) by asking the directory's owner. */
public class DirectoryAuthenticationProvider implements AuthenticationProvider {

    private final DirectoryAccounts accounts;

    public DirectoryAuthenticationProvider(DirectoryAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        DirectoryAccount account = accounts.authenticate(authentication.getName(), password)
                .orElseThrow(() -> new BadCredentialsException("Bad credentials"));
        var result = UsernamePasswordAuthenticationToken.authenticated(account, null, account.authorities());
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
