package io.userimport.worker.accounts;

import io.userimport.model.BuiltIns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Gives the built-in Administrator the password of {@code APP_ADMIN_PASSWORD} at start (its hash,
 * only when it differs): the configuration is the one place that password is set. A worker
 * without it does not start.
 */
@Component
class AdministratorPassword implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(AdministratorPassword.class);

    private final Accounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final String password;

    AdministratorPassword(Accounts accounts, PasswordEncoder passwordEncoder,
                          @Value("${app.admin-password:}") String password) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.password = password;
    }

    @Override
    public void afterPropertiesSet() {
        if (password.isBlank()) {
            throw new IllegalStateException("APP_ADMIN_PASSWORD (app.admin-password) is not set: the built-in "
                    + "Administrator '" + BuiltIns.ADMIN + "' would have no password. Set it and start again.");
        }
        String current = accounts.administratorHash().orElse(null);
        if (current == null || !passwordEncoder.matches(password, current)) {
            accounts.setAdministratorHash(passwordEncoder.encode(password));
            log.info("The built-in Administrator's password was set from APP_ADMIN_PASSWORD");
        }
    }
}
