package io.userimport.security;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Accounts for tests of a service on its own, without the directory: an administrator and an
 * operator who is not a Security Administrator. The full chain through the directory is tested
 * end to end.
 */
public class TestAccounts implements DirectoryAccounts {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password";
    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "operator-test-password";

    private final Map<String, Entry> accounts = new ConcurrentHashMap<>();

    /** Puts these accounts in place of the directory's in a test's application context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class InPlaceOfTheDirectory {

        @Bean
        @Primary
        TestAccounts testAccounts() {
            return new TestAccounts();
        }
    }

    public TestAccounts() {
        put(ADMIN, ADMIN_PASSWORD, "admin@example.com", true);
        put(OPERATOR, OPERATOR_PASSWORD, "operator@example.com", false);
    }

    public void put(String loginId, String password, String email, boolean securityAdministrator) {
        List<String> roles = securityAdministrator ? List.of(Roles.USER, Roles.SECURITY_ADMIN) : List.of(Roles.USER);
        accounts.put(loginId.toLowerCase(Locale.ROOT), new Entry(password, new DirectoryAccount(loginId, email,
                loginId, roles)));
    }

    public void remove(String loginId) {
        accounts.remove(loginId.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<DirectoryAccount> authenticate(String loginId, String password) {
        Entry entry = accounts.get(loginId.toLowerCase(Locale.ROOT));
        return entry != null && entry.password().equals(password) ? Optional.of(entry.account()) : Optional.empty();
    }

    @Override
    public Optional<DirectoryAccount> current(String loginId) {
        return Optional.ofNullable(accounts.get(loginId.toLowerCase(Locale.ROOT))).map(Entry::account);
    }

    private record Entry(String password, DirectoryAccount account) {
    }
}
