package dev.snapshift.internal.verify;

import dev.snapshift.internal.schema.ColumnInfo;
import java.util.List;

/**
 * How a row is named in a difference report: {@code id=42}, {@code (a, b)=('x', 7)}, or, for a
 * table without a key, its first columns. Values arrive as the text {@link DigestSql#shown} makes
 * of them (UTF-8; binary values as 0x...). Pure; unit-tested.
 */
public final class KeyText {
    /** Longest value shown whole; longer ones are cut with "...". */
    static final int MAX_VALUE_CHARS = 48;

    private KeyText() {}

    /** {@code id=42} or {@code (a, b)=('x', 7)}. */
    public static String key(List<ColumnInfo> key, List<String> values) {
        if (key.size() == 1) {
            return key.get(0).name() + "=" + value(key.get(0), values.get(0));
        }
        StringBuilder names = new StringBuilder("(");
        StringBuilder vals = new StringBuilder("(");
        for (int i = 0; i < key.size(); i++) {
            names.append(i == 0 ? "" : ", ").append(key.get(i).name());
            vals.append(i == 0 ? "" : ", ").append(value(key.get(i), values.get(i)));
        }
        return names.append(")=").append(vals).append(')').toString();
    }

    /** A row of a table without a key: {@code row (1, 'x', NULL)}. */
    public static String row(List<ColumnInfo> columns, List<String> values) {
        StringBuilder sb = new StringBuilder("row (");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(value(columns.get(i), values.get(i)));
        }
        return sb.append(')').toString();
    }

    /** One value: numbers and 0x... as they are, text quoted with ' doubled, NULL as NULL. */
    public static String value(ColumnInfo c, String v) {
        if (v == null) {
            return "NULL";
        }
        String shown = v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) + "..." : v;
        if (quoted(c)) {
            StringBuilder sb = new StringBuilder("'");
            for (int i = 0; i < shown.length(); i++) {
                char ch = shown.charAt(i);
                switch (ch) {
                    case '\'' -> sb.append("''");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\0' -> sb.append("\\0");
                    default -> sb.append(ch < 0x20 ? String.format("\\x%02x", (int) ch) : ch);
                }
            }
            return sb.append('\'').toString();
        }
        return shown;
    }

    /** Text, ENUM, SET, temporal and JSON values are quoted; numbers and 0x... are not. */
    static boolean quoted(ColumnInfo c) {
        return switch (c.kind()) {
            case TEXT, TEMPORAL, JSON, TYPED_TEXT -> true;
            case NUMBER, BIT, BYTES -> false;
        };
    }
}
