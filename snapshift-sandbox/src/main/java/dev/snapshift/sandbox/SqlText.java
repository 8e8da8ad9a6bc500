package dev.snapshift.sandbox;

import java.util.regex.Pattern;

/** SQL string literals, and SQL made safe to show in a message. Pure functions. */
final class SqlText {
    private static final Pattern SECRET =
            Pattern.compile(
                    "(?i)((?:IDENTIFIED(?:\\s+WITH\\s+\\S+)?\\s+BY|PASSWORD\\s*=)\\s*)'(?:[^'\\\\]|''|\\\\.)*'");
    private static final int MAX_SHOWN = 200;

    private SqlText() {}

    /** A quoted string literal, e.g. {@code 'it''s'}. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The statement shortened, with passwords masked. */
    static String forMessage(String sql) {
        String masked = SECRET.matcher(sql).replaceAll("$1'***'");
        return masked.length() <= MAX_SHOWN ? masked : masked.substring(0, MAX_SHOWN) + "...";
    }
}
