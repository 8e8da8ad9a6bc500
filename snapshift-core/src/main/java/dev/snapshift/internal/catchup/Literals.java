package dev.snapshift.internal.catchup;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A value of a row event as an SQL literal the target reads back to the same stored value, under
 * the catch-up session's settings (time_zone +00:00). Text travels as its raw bytes labelled with
 * the column's character set ({@code _latin1 X'E9'}), so no conversion happens on the way; binary
 * data as {@code X'..'}; floating point values as approximate literals ({@code 1.5E0}) whose
 * shortest decimal form parses back to the same bits. Pure; unit-tested as strings.
 */
final class Literals {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Literals() {}

    static String of(ApplyTable.Column c, Serializable v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof TemporalValues.Text t) {
            return "'" + t.value() + "'";
        }
        if (v instanceof byte[] b) {
            return bytes(c, b);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Float f) {
            return approximate((double) f);
        }
        if (v instanceof Double d) {
            return approximate(d);
        }
        if (v instanceof Integer i) {
            return integer(c, i);
        }
        if (v instanceof Long l) {
            return c.unsigned() || c.dataType().equals("set") || c.dataType().equals("bit")
                    ? Long.toUnsignedString(l)
                    : Long.toString(l);
        }
        if (v instanceof java.util.BitSet bits) {
            long n = bits.isEmpty() ? 0 : bits.toLongArray()[0];
            return Long.toUnsignedString(n);
        }
        throw new IllegalArgumentException(
                "no literal for a " + v.getClass().getName() + " in column " + c.name());
    }

    /**
     * Integers come signed from the binary log, whatever the column: an unsigned column gets its
     * bits back (TINYINT UNSIGNED 200 arrives as -56). ENUM indexes and YEAR are small positives.
     */
    private static String integer(ApplyTable.Column c, int v) {
        if (!c.unsigned()) {
            return Integer.toString(v);
        }
        return switch (c.dataType()) {
            case "tinyint" -> Integer.toString(v & 0xFF);
            case "smallint" -> Integer.toString(v & 0xFFFF);
            case "mediumint" -> Integer.toString(v & 0xFFFFFF);
            default -> Integer.toUnsignedString(v);
        };
    }

    /** {@code 1.5E0}: the shortest decimal that reads back as the same double. */
    static String approximate(double d) {
        String s = Double.toString(d);
        return s.contains("E") ? s : s + "E0";
    }

    private static String bytes(ApplyTable.Column c, byte[] b) {
        if (c.binaryJson()) {
            return "CAST(_utf8mb4 X'"
                    + HEX.formatHex(json(b).getBytes(StandardCharsets.UTF_8))
                    + "' AS JSON)";
        }
        String hex = "X'" + HEX.formatHex(b) + "'";
        String cs = c.charset();
        if (cs == null || cs.equalsIgnoreCase("binary")) {
            return hex;
        }
        return "_" + introducer(cs) + " " + hex;
    }

    /** MySQL's binary JSON as JSON text. */
    static String json(byte[] b) {
        if (b.length == 0) {
            return "null";
        }
        try {
            return JsonBinary.parseAsString(b);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable JSON value in the binary log", e);
        }
    }

    /** 5.7's {@code utf8} is {@code utf8mb3} everywhere since; both servers know the new name. */
    static String introducer(String charset) {
        String cs = charset.toLowerCase(Locale.ROOT);
        return cs.equals("utf8") ? "utf8mb3" : cs;
    }

    /** A text column compared byte for byte: {@code (_cs X'..' COLLATE cs_bin)}. */
    static String exactText(ApplyTable.Column c, Serializable v) {
        String literal = of(c, v);
        if (v instanceof byte[]
                && c.charset() != null
                && !c.charset().equalsIgnoreCase("binary")
                && !c.binaryJson()) {
            return "(" + literal + " COLLATE " + introducer(c.charset()) + "_bin)";
        }
        return literal;
    }
}
