package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;

/** SQL text of chunk reads and writes. Pure; unit-tested as strings. */
public final class ChunkSql {
    private ChunkSql() {}

    /** Columns read: every copied column, then any key column not among them. */
    public static List<ColumnInfo> readColumns(TableInfo t) {
        List<ColumnInfo> cols = new ArrayList<>(t.copiedColumns());
        for (ColumnInfo k : t.key()) {
            if (position(cols, k) < 0) {
                cols.add(k);
            }
        }
        return cols;
    }

    /**
     * Where column {@code c} is in {@code cols}, -1 if it is not: matched by name, which is unique
     * in a table (not by the record's equals, an invokedynamic site whose first run builds a
     * method-handle tree on the path of the first chunk).
     */
    public static int position(List<ColumnInfo> cols, ColumnInfo c) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(c.name())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The SELECT of a chunk, or of its next page: {@code after} holds the last key of the previous
     * page (null for the first page). A {@link Chunk.Mode#RANGE} page continues after that key up
     * to the range's upper bound.
     */
    public static String select(Chunk chunk, byte[][] after) {
        TableInfo t = chunk.table();
        StringBuilder sb =
                new StringBuilder("SELECT ")
                        .append(
                                String.join(
                                        ", ",
                                        readColumns(t).stream()
                                                .map(ChunkSql::readExpression)
                                                .toList()))
                        .append(" FROM ")
                        .append(Sql.qualified(t.database(), t.name()));
        switch (chunk.mode()) {
            case RANGE -> {
                String k = Sql.quote(t.key().get(0).name());
                sb.append(" WHERE ")
                        .append(k)
                        .append(
                                after == null
                                        ? " >= " + integer(chunk.lower())
                                        : " > " + integer(after[0]))
                        .append(" AND ")
                        .append(k)
                        .append(" <= ")
                        .append(integer(chunk.upper()))
                        .append(" ORDER BY ")
                        .append(k)
                        .append(" LIMIT ")
                        .append(chunk.rows());
            }
            case KEYSET -> {
                if (after != null) {
                    sb.append(" WHERE ").append(keysetAfter(t.key(), after));
                }
                sb.append(" ORDER BY ")
                        .append(Sql.columnList(t.key().stream().map(ColumnInfo::name).toList()))
                        .append(" LIMIT ")
                        .append(chunk.rows());
            }
            case WHOLE -> {}
            default -> throw new IllegalStateException();
        }
        return sb.toString();
    }

    /**
     * How a column is read: its name, but a FLOAT as {@code (f * 1e0)}. The server's text of a
     * FLOAT has six significant digits (16777217 reads as 16777200, 123456.789 as 123457): copied
     * as it reads, the target would store another number. As a DOUBLE its text is the float's exact
     * value (16777216, 123456.7890625), which the target stores back as the same float; the product
     * keeps the sign of -0.
     */
    static String readExpression(ColumnInfo c) {
        return isFloat(c) ? "(" + Sql.quote(c.name()) + " * 1e0)" : Sql.quote(c.name());
    }

    /** FLOAT (single precision), which the server prints with six significant digits. */
    public static boolean isFloat(ColumnInfo c) {
        return c.dataType().equalsIgnoreCase("float");
    }

    /**
     * The condition of a range's rows: {@code key >= lower} (or {@code >}) and {@code key <=
     * upper}, compared column by column in key order; TRUE for the whole table.
     */
    public static String rangeCondition(PageRange r) {
        List<ColumnInfo> key = r.table().key();
        List<String> parts = new ArrayList<>();
        if (r.lower() != null) {
            parts.add(compare(key, r.lower(), r.lowerInclusive() ? ">=" : ">"));
        }
        if (r.upper() != null) {
            parts.add(compare(key, r.upper(), "<="));
        }
        return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
    }

    /** {@code WHERE ...} of a range, or nothing for the whole table. */
    public static String where(PageRange r) {
        return r.isWhole() ? "" : " WHERE " + rangeCondition(r);
    }

    /** Empties a range on the target before it is copied again, in the same transaction. */
    public static String deleteRange(PageRange r) {
        TableInfo t = r.table();
        return "DELETE FROM " + Sql.qualified(t.database(), t.name()) + where(r);
    }

    /**
     * The key compared with {@code values} in key order: {@code ((a > x) OR (a = x AND b >= y))}
     * for {@code >=}; {@code op} is one of {@code >, >=, <=}.
     */
    static String compare(List<ColumnInfo> key, byte[][] values, String op) {
        if (values.length != key.size()) {
            throw new IllegalArgumentException(
                    "a key of " + key.size() + " column(s) and " + values.length + " value(s)");
        }
        String strict = op.startsWith(">") ? ">" : "<";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                sb.append(" OR ");
            }
            sb.append('(');
            for (int j = 0; j < i; j++) {
                sb.append(Sql.quote(key.get(j).name())).append(" = ");
                ValueEncoder.appendComparable(sb, key.get(j), values[j]);
                sb.append(" AND ");
            }
            sb.append(Sql.quote(key.get(i).name()))
                    .append(' ')
                    .append(i == key.size() - 1 ? op : strict)
                    .append(' ');
            ValueEncoder.appendComparable(sb, key.get(i), values[i]);
            sb.append(')');
        }
        return sb.append(')').toString();
    }

    /** {@code (a > x) OR (a = x AND b > y) ...}: ranges the optimizer reads from the index. */
    static String keysetAfter(List<ColumnInfo> key, byte[][] after) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                sb.append(" OR ");
            }
            sb.append('(');
            for (int j = 0; j < i; j++) {
                sb.append(Sql.quote(key.get(j).name())).append(" = ");
                ValueEncoder.appendComparable(sb, key.get(j), after[j]);
                sb.append(" AND ");
            }
            sb.append(Sql.quote(key.get(i).name())).append(" > ");
            ValueEncoder.appendComparable(sb, key.get(i), after[i]);
            sb.append(')');
        }
        return sb.toString();
    }

    public static String insertPrefix(TableInfo t) {
        return "INSERT INTO "
                + Sql.qualified(t.database(), t.name())
                + " ("
                + Sql.columnList(t.copiedColumns().stream().map(ColumnInfo::name).toList())
                + ") VALUES ";
    }

    private static String integer(String s) {
        if (!s.matches("-?[0-9]+")) {
            throw new IllegalArgumentException("not an integer: " + s);
        }
        return s;
    }

    /**
     * An integer key value as the source sent it (its text form), checked to be nothing but an
     * integer literal.
     */
    static String integer(byte[] value) {
        return integer(new String(value, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
