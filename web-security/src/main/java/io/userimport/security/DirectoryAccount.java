package io.userimport.security;

import java.io.Serializable;
import java.util.List;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An active native user of the directory, as the services know a caller: never with a password
 * or its hash.
 *
 * @param roles {@link Roles#USER}, and {@link Roles#SECURITY_ADMIN} for members of Security Administrators
 */
public record DirectoryAccount(String loginId, String email, String fullName, List<String> roles)
        implements AuthenticatedPrincipal, Serializable {

    public DirectoryAccount {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String getName() {
        return loginId;
    }

    public boolean securityAdministrator() {
        return roles.contains(Roles.SECURITY_ADMIN);
    }

    public List<GrantedAuthority> authorities() {
        return roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
    }
}
