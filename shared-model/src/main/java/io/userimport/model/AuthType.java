package io.userimport.model;

import java.util.Locale;
import java.util.Optional;

/** How a user authenticates. Everything but {@link #NATIVE} is external. */
public enum AuthType {
    NATIVE, LDAP, OAUTH, SAML;

    public boolean isExternal() {
        return this != NATIVE;
    }

    /** Parses a CSV cell, ignoring case and surrounding blanks; empty when the text names no auth type. */
    public static Optional<AuthType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals("SAML2")) {
            name = "SAML";
        }
        for (AuthType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
