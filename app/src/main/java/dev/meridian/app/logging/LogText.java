package dev.meridian.app.logging;

/**
 * Text made safe for a line-oriented log: every control character escaped, so a value that came from a client
 * (a decoded path, a header, a field) or from the database (an error's detail quoting a row) can never end a log
 * line and start a forged one. {@code CR} and {@code LF} become {@code \r} and {@code \n}, {@code TAB} {@code \t},
 * every other C0 and C1 control character, {@code DEL} and the Unicode line and paragraph separators
 * {@code \}{@code uXXXX}. Everything else, backslashes included, is kept as it is.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} escaped; the same instance when nothing needed escaping, {@code null} for {@code null}. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> escaped.append("\\r");
                case '\n' -> escaped.append("\\n");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
