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
        // a plain loop, not a stream of code points: every row's login id, email and names come here,
        // and the stream took a tenth of the worker's processor time
        StringBuilder key = new StringBuilder(length);
        key.append(value, 0, i);
        while (i < length) {
            char c = value.charAt(i);
            if (c < 0x80) {
                key.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
                i++;
            } else {
                int codePoint = value.codePointAt(i);
                key.appendCodePoint(Character.toLowerCase(Character.toUpperCase(codePoint)));
                i += Character.charCount(codePoint);
            }
        }
        return key.toString();
    }
}
