package dev.snapshift.internal.copy;

import dev.snapshift.internal.schema.Charsets;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.EnumValues;
import dev.snapshift.internal.schema.ValueKind;
import java.util.Locale;

/**
 * Turns the raw bytes of a column value (the source's text protocol with {@code
 * character_set_results = NULL}) into an exact SQL literal. Pure; unit-tested as strings.
 */
public final class ValueEncoder {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ValueEncoder() {}

    public static void append(StringBuilder sb, ColumnInfo column, byte[] value) {
        if (value == null) {
            sb.append("NULL");
            return;
        }
        switch (column.kind()) {
            case NUMBER -> {
                appendChecked(sb, value, false, column);
                if (isApproximate(column) && !hasExponent(value)) {
                    // "-0" is the integer 0 in SQL; "-0e0" is the DOUBLE -0, as stored
                    sb.append("e0");
                }
            }
            case TEMPORAL -> {
                sb.append('\'');
                appendChecked(sb, value, true, column);
                sb.append('\'');
            }
            case BIT -> {
                if (value.length == 0) {
                    sb.append("b''");
                } else {
                    sb.append("0x");
                    hex(sb, value);
                }
            }
            case TEXT -> {
                sb.append(introducer(column.charset()));
                hexString(sb, value);
            }
            case JSON -> {
                sb.append("_utf8mb4");
                hexString(sb, value);
            }
            case BYTES -> {
                sb.append("_binary");
                hexString(sb, value);
            }
            case TYPED_TEXT -> {
                sb.append("_latin1"); // UUID, INET6, INET4: their ASCII text form, parsed by the
                // target
                hexString(sb, value);
            }
            default -> throw new IllegalStateException("unhandled kind " + column.kind());
        }
    }

    /**
     * What an empty value of this column is written as: for an ENUM that does not declare {@code
     * ''}, an empty value is its error value (index 0), written as digits no member equals, in the
     * column's character set (or, in ucs2 / utf16 / utf32, as a member, set right by key after the
     * copy); null for any other column (its empty value is itself).
     */
    public static byte[] emptyValueAs(ColumnInfo column) {
        String text = EnumValues.errorValueText(column);
        if (text == null) {
            text = EnumValues.placeholder(column);
        }
        return text == null ? null : Charsets.encode(text, column.charset());
    }

    /** FLOAT, DOUBLE, REAL: their text is written as a floating-point literal. */
    static boolean isApproximate(ColumnInfo column) {
        String t = column.dataType().toLowerCase(Locale.ROOT);
        return t.equals("float") || t.equals("double") || t.equals("real");
    }

    private static boolean hasExponent(byte[] value) {
        for (byte b : value) {
            if (b == 'e' || b == 'E') {
                return true;
            }
        }
        return false;
    }

    /** A literal that compares as the column's index orders it (for keyset bounds). */
    public static void appendComparable(StringBuilder sb, ColumnInfo column, byte[] value) {
        append(sb, column, value);
        if (column.kind() == ValueKind.TEXT && column.collation() != null) {
            sb.append(" COLLATE ").append(word(column.collation()));
        }
    }

    static String introducer(String charset) {
        return charset == null ? "_utf8mb4" : "_" + word(charset.toLowerCase(Locale.ROOT));
    }

    private static String word(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_') {
                throw new IllegalArgumentException(
                        "unexpected character set or collation name: " + s);
            }
        }
        return s;
    }

    /** X'...' (an empty value is X'', a valid empty string). */
    private static void hexString(StringBuilder sb, byte[] value) {
        sb.append(" X'");
        hex(sb, value);
        sb.append('\'');
    }

    static void hex(StringBuilder sb, byte[] value) {
        sb.ensureCapacity(sb.length() + value.length * 2 + 4);
        for (byte b : value) {
            sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }

    /**
     * Numbers and temporal values are the server's own ASCII text; anything else means a bug, never
     * an injection.
     */
    private static void appendChecked(
            StringBuilder sb, byte[] value, boolean temporal, ColumnInfo column) {
        for (byte b : value) {
            char c = (char) b;
            boolean ok =
                    (c >= '0' && c <= '9')
                            || c == '-'
                            || c == '.'
                            || c == '+'
                            || (temporal ? (c == ':' || c == ' ') : (c == 'e' || c == 'E'));
            if (!ok) {
                throw new IllegalStateException(
                        "unexpected text for " + column.dataType() + " column " + column.name());
            }
            sb.append(c);
        }
    }
}
