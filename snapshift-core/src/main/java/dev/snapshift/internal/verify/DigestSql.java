package dev.snapshift.internal.verify;

import dev.snapshift.internal.copy.ChunkSql;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.EnumValues;
import dev.snapshift.internal.schema.TableInfo;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * SQL text of the digests that prove a copy, computed by each server over its own rows. Pure;
 * unit-tested as strings.
 *
 * <p>A range's digest is its row count and the sum, as an exact DECIMAL, of a 64-bit hash per row:
 * the first 64 bits of the MD5 of an injective text encoding of the row. A sum does not depend on
 * the order rows are read in, and counts a duplicate row twice (a table without a key is compared
 * as a multiset; XOR would cancel pairs).
 *
 * <p>The encoding of a row is its columns' encodings joined by commas, {@code n} for NULL: no
 * encoding contains a comma or is {@code n} (they are hexadecimal digits, or a number's or a date's
 * text), so NULL differs from the empty string ({@code HEX('')} is empty). Each column is encoded
 * so that different stored bytes give different text and equal stored bytes the same text on every
 * server version:
 *
 * <ul>
 *   <li>character and binary strings, JSON, spatial, MariaDB's UUID/INET: {@code HEX(col)}, the
 *       stored bytes (of JSON: its text), never compared under a collation ('a' and 'A' differ;
 *       trailing spaces count where the type keeps them);
 *   <li>integers, DECIMAL, YEAR: the server's text, which is exact and the same everywhere;
 *   <li>FLOAT, DOUBLE: {@code col * 1e0}: the shortest text that reads back as the same double (the
 *       same on MySQL 5.7, 8.0 and MariaDB, measured), a FLOAT widened exactly (its own text has
 *       six digits only); {@code -0} stays {@code -0} (an addition would make it 0);
 *   <li>DATE, TIME, DATETIME, TIMESTAMP: the server's text, TIMESTAMP in UTC (every session reads
 *       with time_zone '+00:00');
 *   <li>BIT, ENUM, SET: {@code col + 0}: the number stored (an ENUM's error value is 0, not the
 *       empty string a declared '' member reads as).
 * </ul>
 */
public final class DigestSql {
    private DigestSql() {}

    /** Hex digits of the MD5 a row's hash is taken from: 64 bits. */
    static final int HASH_HEX_DIGITS = 16;

    /** The text a column's value is encoded as (NULL when it is NULL). */
    public static String encode(ColumnInfo c) {
        String q = Sql.quote(c.name());
        String type = c.dataType().toLowerCase(Locale.ROOT);
        if (type.equals("float") || type.equals("double") || type.equals("real")) {
            return "(" + q + " * 1e0)";
        }
        if (EnumValues.isEnum(c) || EnumValues.isSet(c) || type.equals("bit")) {
            return "(" + q + " + 0)";
        }
        return switch (c.kind()) {
            case NUMBER, TEMPORAL -> q;
            case TEXT, BYTES, JSON, TYPED_TEXT, BIT -> "HEX(" + q + ")";
        };
    }

    /** The injective text of a row: {@code CONCAT_WS(',', IFNULL(enc, 'n'), ...)}. */
    public static String rowText(List<ColumnInfo> columns) {
        if (columns.isEmpty()) {
            return "''";
        }
        return columns.stream()
                .map(c -> "IFNULL(" + encode(c) + ", 'n')")
                .collect(Collectors.joining(", ", "CONCAT_WS(',', ", ")"));
    }

    /** A row's 64-bit hash, as BIGINT UNSIGNED. */
    public static String rowHash(List<ColumnInfo> columns) {
        return "CAST(CONV(LEFT(MD5("
                + rowText(columns)
                + "), "
                + HASH_HEX_DIGITS
                + "), 16, 10) AS UNSIGNED)";
    }

    /** Row count and hash sum of a range: {@code SELECT COUNT(*), COALESCE(SUM(hash), 0) ...}. */
    public static String digest(PageRange range, List<ColumnInfo> columns) {
        TableInfo t = range.table();
        return "SELECT COUNT(*), COALESCE(SUM("
                + rowHash(columns)
                + "), 0) FROM "
                + Sql.qualified(t.database(), t.name())
                + ChunkSql.where(range);
    }

    /**
     * Every row of a range with its hash, to find which rows differ: the key's encoding (what
     * source and target rows are matched by; empty for a table without a key, whose rows are
     * matched by their hash), the row's hash, then {@code shown} to name the row, in key order.
     */
    public static String rowHashes(
            PageRange range, List<ColumnInfo> columns, List<ColumnInfo> shown) {
        TableInfo t = range.table();
        StringBuilder sb =
                new StringBuilder("SELECT ")
                        .append(t.key().isEmpty() ? "''" : rowText(t.key()))
                        .append(", LEFT(MD5(")
                        .append(rowText(columns))
                        .append("), ")
                        .append(HASH_HEX_DIGITS)
                        .append(')');
        for (ColumnInfo c : shown) {
            sb.append(", ").append(shown(c));
        }
        sb.append(" FROM ")
                .append(Sql.qualified(t.database(), t.name()))
                .append(ChunkSql.where(range));
        if (!t.key().isEmpty()) {
            sb.append(" ORDER BY ")
                    .append(Sql.columnList(t.key().stream().map(ColumnInfo::name).toList()));
        }
        return sb.toString();
    }

    /**
     * A value as a person reads it, in UTF-8 whatever the connection's result character set: text
     * converted, binary as {@code 0x...}, numbers and dates as the server writes them.
     */
    public static String shown(ColumnInfo c) {
        String q = Sql.quote(c.name());
        String type = c.dataType().toLowerCase(Locale.ROOT);
        if (type.equals("float") || type.equals("double") || type.equals("real")) {
            return "(" + q + " * 1e0)";
        }
        if (type.equals("bit")) {
            return "(" + q + " + 0)";
        }
        return switch (c.kind()) {
            case BYTES -> "CONCAT('0x', HEX(" + q + "))";
            case TEXT, JSON, TYPED_TEXT -> "CONVERT(" + q + " USING utf8mb4)";
            case NUMBER, TEMPORAL, BIT -> q;
        };
    }
}
