package dev.snapshift.internal.schema;

import java.util.Locale;
import java.util.Set;

/** How a column's values travel from the source's text protocol to a target literal. */
public enum ValueKind {
    /** Integers, DECIMAL, FLOAT, DOUBLE, YEAR: the server's text is exact and goes unquoted. */
    NUMBER,
    /** BIT: raw bytes, written as a hexadecimal number. */
    BIT,
    /** DATE, DATETIME, TIMESTAMP, TIME: the server's text, quoted (both sessions in UTC). */
    TEMPORAL,
    /**
     * Character data (CHAR, VARCHAR, TEXT, ENUM, SET): raw bytes labelled with the column's
     * character set.
     */
    TEXT,
    /** JSON (MySQL): UTF-8 text parsed again by the target. */
    JSON,
    /** BINARY, VARBINARY, BLOB, spatial types: raw bytes. */
    BYTES,
    /**
     * MariaDB's UUID, INET6, INET4: read as the server's text form, which the target parses again.
     * Not raw bytes: a binary string must be their 16 (4) byte internal form, and the text is not
     * that.
     */
    TYPED_TEXT;

    private static final Set<String> NUMBERS =
            Set.of(
                    "tinyint",
                    "smallint",
                    "mediumint",
                    "int",
                    "integer",
                    "bigint",
                    "decimal",
                    "numeric",
                    "float",
                    "double",
                    "real",
                    "year");
    private static final Set<String> TEMPORALS = Set.of("date", "datetime", "timestamp", "time");
    private static final Set<String> BYTES_TYPES =
            Set.of(
                    "binary",
                    "varbinary",
                    "tinyblob",
                    "blob",
                    "mediumblob",
                    "longblob",
                    "geometry",
                    "point",
                    "linestring",
                    "polygon",
                    "multipoint",
                    "multilinestring",
                    "multipolygon",
                    "geometrycollection",
                    "geomcollection",
                    "vector");
    private static final Set<String> TYPED_TEXTS = Set.of("uuid", "inet6", "inet4");
    public static final Set<String> INTEGER_TYPES =
            Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    public static ValueKind of(String dataType, String charset) {
        String t = dataType.toLowerCase(Locale.ROOT);
        if (NUMBERS.contains(t)) {
            return NUMBER;
        }
        if (t.equals("bit")) {
            return BIT;
        }
        if (TEMPORALS.contains(t)) {
            return TEMPORAL;
        }
        if (TYPED_TEXTS.contains(t)) {
            return TYPED_TEXT;
        }
        if (t.equals("json") && charset == null) {
            return JSON;
        }
        if (BYTES_TYPES.contains(t) || "binary".equalsIgnoreCase(charset)) {
            return BYTES;
        }
        return TEXT;
    }
}
