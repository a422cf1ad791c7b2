package io.userimport.model;

/**
 * The one rule by which the pipeline compares login ids, emails and names of groups and
 * business units regardless of case: every code point is folded on its own (upper-cased, then
 * lower-cased), so {@code İsmail}, {@code ISMAIL}, {@code ismail} and {@code ısmaıl} share a key,
 * as do final and medial sigma. The rule does not depend on any locale, neither the JVM's nor
 * the database's: keys are computed here and stored, and the database only compares them.
 */
public final class CaseKey {

    private CaseKey() {
    }

    /** The key of {@code value}, or null for null. */
    public static String of(String value) {
        if (value == null) {
            return null;
        }
        int length = value.length();
        int i = 0;
        while (i < length) {
            char c = value.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == length) {
            return value; // ASCII without capitals: already its own key
        }
        StringBuilder key = new StringBuilder(length);
        key.append(value, 0, i);
        value.codePoints().skip(value.codePointCount(0, i))
                .forEach(cp -> key.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return key.toString();
    }
}
