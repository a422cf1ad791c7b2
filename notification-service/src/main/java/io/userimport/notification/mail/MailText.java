package io.userimport.notification.mail;

import java.util.regex.Pattern;

/**
 * Makes text from an import file safe to put in an email: nothing a file holds can add a line, a
 * header or a link to an email. Line breaks and other control or format characters (bidi
 * overrides included) become spaces; link-like text is defanged ({@code https[:]//},
 * {@code www[.]}, {@code evil[.]com}); length is bounded. A person's name is shown only when it
 * looks like one.
 */
public final class MailText {

    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SCHEME = Pattern.compile("(?i)([a-z][a-z0-9+.-]*):(//)?");
    private static final Pattern WWW = Pattern.compile("(?i)\\bwww\\.");
    /** A dot between a word and what could be a top-level domain (not a usual file extension). */
    private static final Pattern DOMAIN_DOT = Pattern.compile(
            "(?i)(?<=[\\p{L}\\p{N}])\\.(?=(?!(?:csv|gz|txt|tsv|zip)\\b)\\p{L}{2,24}\\b)");
    /** Letters, marks, spaces, apostrophes, hyphens, commas and dots: a name, nothing more. */
    private static final Pattern PERSON_NAME = Pattern.compile("[\\p{L}\\p{M}' \u2019.,-]+");
    /** A dot inside a word, as in a domain: "J. Smith" is a name, "evil.com" is not. */
    private static final Pattern DOT_IN_WORD = Pattern.compile("[\\p{L}\\p{N}]\\.[\\p{L}\\p{N}]");

    private MailText() {
    }

    /** One line of text from a file: no line breaks, no live links, at most {@code max} characters. */
    public static String line(String value, int max) {
        if (value == null) {
            return "";
        }
        String text = SPACES.matcher(INVISIBLE.matcher(value).replaceAll(" ")).replaceAll(" ").trim();
        text = SCHEME.matcher(text).replaceAll(match -> match.group(2) == null && !looksLikeScheme(match.group(1))
                ? match.group() : match.group(1) + "[:]" + (match.group(2) == null ? "" : "//"));
        text = WWW.matcher(text).replaceAll(match -> match.group().substring(0, 3) + "[.]");
        text = DOMAIN_DOT.matcher(text).replaceAll("[.]");
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    /** A name to greet someone by, or null when the value does not look like a person's name. */
    public static String personName(String value) {
        if (value == null) {
            return null;
        }
        String name = SPACES.matcher(value).replaceAll(" ").trim();
        return !name.isEmpty() && name.length() <= 100 && PERSON_NAME.matcher(name).matches()
                && !DOT_IN_WORD.matcher(name).find() ? name : null;
    }

    private static boolean looksLikeScheme(String word) {
        return word.equalsIgnoreCase("mailto") || word.equalsIgnoreCase("javascript") || word.equalsIgnoreCase("data")
                || word.equalsIgnoreCase("tel");
    }
}
