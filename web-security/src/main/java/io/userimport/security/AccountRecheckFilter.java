package io.userimport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a signed-in session true to the directory: on each request the session's account is
 * compared with its current standing (cached briefly, see {@link RemoteDirectoryAccounts}). A user
 * disabled or gone is signed out; changed roles replace the session's.
 */
public class AccountRecheckFilter extends OncePerRequestFilter {

    private final DirectoryAccounts accounts;
    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    public AccountRecheckFilter(DirectoryAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session != null && authentication != null && authentication.getPrincipal() instanceof DirectoryAccount account) {
            Optional<DirectoryAccount> current = accounts.current(account.loginId());
            if (current.isEmpty()) {
                SecurityContextHolder.clearContext();
                session.invalidate();
            } else if (!current.get().equals(account)) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(current.get(), null,
                        current.get().authorities()));
                SecurityContextHolder.setContext(context);
                repository.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
