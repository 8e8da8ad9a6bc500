package dev.snapshift.internal.verify;

import dev.snapshift.internal.copy.ChunkSql;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Where a page of a keyset walk ends: the key {@code rows} rows on, read on the source. */
final class KeysetBoundary {
    private KeysetBoundary() {}

    /**
     * The SQL of the last key of the page after {@code after} (null: from the start): {@code SELECT
     * key ... ORDER BY key LIMIT 1 OFFSET rows - 1}.
     */
    static String sql(TableInfo t, byte[][] after, int rows) {
        String key = Sql.columnList(t.key().stream().map(ColumnInfo::name).toList());
        return "SELECT "
                + key
                + " FROM "
                + Sql.qualified(t.database(), t.name())
                + (after == null
                        ? ""
                        : " WHERE "
                                + ChunkSql.rangeCondition(new PageRange(t, after, false, null, "")))
                + " ORDER BY "
                + key
                + " LIMIT 1 OFFSET "
                + (rows - 1);
    }

    /** The page's last key, as raw bytes; null when fewer rows are left (the last page). */
    static byte[][] next(Connection source, TableInfo t, byte[][] after, int rows)
            throws SQLException {
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery(sql(t, after, rows))) {
            if (!rs.next()) {
                return null;
            }
            byte[][] key = new byte[t.key().size()][];
            for (int i = 0; i < key.length; i++) {
                key[i] = rs.getBytes(i + 1);
            }
            return key;
        }
    }
}
