package io.userimport.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The canonical columns of an import file and the aliases the header row may use instead.
 * Header matching ignores case, spaces, {@code _} and {@code -}.
 */
public enum CsvColumn {
    LOGIN_ID("login_id", "User Login Id", "username", "login"),
    EMAIL("email", "User Email", "e-mail"),
    FIRST_NAME("first_name", "First Name", "given name"),
    LAST_NAME("last_name", "Last Name", "surname"),
    FULL_NAME("full_name", "User Full Name", "Full Name"),
    PASSWORD("password", "User Password", "pwd", "passwd", "pass", "secret", "passphrase"),
    PASSWORD_HASH("password_hash"),
    AUTH_TYPE("auth_type", "type"),
    DISTINGUISHED_NAME("distinguished_name", "User Distinguished Name", "DN"),
    GROUPS("groups", "User Group Name", "profiles"),
    BUSINESS_UNITS("business_units", "access units", "branches");

    /** The separator between several names in the {@link #GROUPS} and {@link #BUSINESS_UNITS} cells. */
    public static final String LIST_SEPARATOR = ";";

    private final String header;
    private final List<String> aliases;

    CsvColumn(String header, String... aliases) {
        this.header = header;
        this.aliases = List.of(aliases);
    }

    /** The header the template uses for this column. */
    public String header() {
        return header;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** The column a header cell names, if any. */
    public static Optional<CsvColumn> forHeader(String headerCell) {
        String key = normalize(headerCell);
        for (CsvColumn column : values()) {
            if (normalize(column.header).equals(key)
                    || column.aliases.stream().anyMatch(alias -> normalize(alias).equals(key))) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a header names what looks like a secret without being the {@link #PASSWORD} or
     * {@link #PASSWORD_HASH} column ({@code old_password}, {@code client_secret}...): such a
     * column is refused, since its cells would otherwise be kept as the row's original values.
     */
    public static boolean looksSecret(String headerCell) {
        String key = normalize(headerCell);
        return forHeader(headerCell).filter(column -> column == PASSWORD || column == PASSWORD_HASH).isEmpty()
                && SECRET_WORDS.stream().anyMatch(key::contains);
    }

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "passphrase",
            "credential");

    /** The canonical header row, in template order. */
    public static List<String> templateHeader() {
        return java.util.Arrays.stream(values()).map(CsvColumn::header).toList();
    }

    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return stripped.replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT);
    }
}
