package io.userimport.model;

/**
 * One property a row changed (or, in a dry run, would change) on an existing user. A password
 * is never shown: its change reads {@code from}/{@code to} as {@code "(hidden)"}.
 */
public record PropertyChange(String property, String from, String to) {

    public static final String HIDDEN = "(hidden)";
}
