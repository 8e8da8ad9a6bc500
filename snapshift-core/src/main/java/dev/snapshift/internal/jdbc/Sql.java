package dev.snapshift.internal.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/** Pure SQL text helpers: identifier quoting and literals. Unit-tested as strings. */
public final class Sql {
    private Sql() {}

    /**
     * Quotes an identifier with backticks, doubling any backtick inside. Works for spaces, unicode,
     * reserved words.
     */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains NUL");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** {@code `db`.`table`} */
    public static String qualified(String database, String table) {
        return quote(database) + '.' + quote(table);
    }

    public static String columnList(List<String> columns) {
        return columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** A string literal safe under any sql_mode (backslashes and quotes escaped, NUL as \0). */
    public static String stringLiteral(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("''");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
