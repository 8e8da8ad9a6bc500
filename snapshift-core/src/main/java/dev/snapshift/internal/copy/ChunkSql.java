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
            if (!cols.contains(k)) {
                cols.add(k);
            }
        }
        return cols;
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
                                Sql.columnList(
                                        readColumns(t).stream().map(ColumnInfo::name).toList()))
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
