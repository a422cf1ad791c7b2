package io.userimport.ingest.imports;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@code password_hash} cell: an existing bcrypt hash ({@code $2a$}, {@code $2b$},
 * {@code $2y$}) or a hash prefixed with the id of an algorithm Spring Security's
 * {@code DelegatingPasswordEncoder} can verify ({@code {bcrypt}}, {@code {argon2}}, ...). Such
 * hashes are stored as given, so millions of users migrate without hours of hashing.
 */
final class PasswordHashes {

    static final int MAX_LENGTH = 200;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final Pattern PREFIXED = Pattern.compile("\\{([^{}]+)}(\\S+)");
    /** Every id the standard delegating encoder knows, but {@code noop}: that would be a password in clear. */
    private static final Set<String> IDS = Set.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8", "pbkdf2",
            "pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8", "sha256", "SHA-256", "SHA-1", "MD5",
            "MD4", "ldap");

    private PasswordHashes() {
    }

    /** The hash as the directory stores it (a bare bcrypt hash gains its {@code {bcrypt}} id), or null when malformed. */
    static String normalize(String cell) {
        if (cell.length() > MAX_LENGTH) {
            return null;
        }
        if (BCRYPT.matcher(cell).matches()) {
            return "{bcrypt}" + cell;
        }
        Matcher prefixed = PREFIXED.matcher(cell);
        if (!prefixed.matches() || !IDS.contains(prefixed.group(1))) {
            return null;
        }
        return !prefixed.group(1).equals("bcrypt") || BCRYPT.matcher(prefixed.group(2)).matches() ? cell : null;
    }
}
