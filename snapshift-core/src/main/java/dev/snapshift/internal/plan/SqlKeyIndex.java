package dev.snapshift.internal.plan;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.TableInfo;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A table's single-column integer key read on a snapshot session: every statement planning sends
 * for it. Each reads the key's index in order between literal bounds (index dives and at most
 * {@code run} entries per range), so it costs the same on a table of a thousand rows and of a
 * billion; it sees the snapshot's rows, as the copy will.
 */
final class SqlKeyIndex implements KeyIndex {
    private final Connection snapshot;
    private final String table;
    private final String key;

    SqlKeyIndex(TableInfo t, Connection snapshot) {
        this.snapshot = snapshot;
        this.table = Sql.qualified(t.database(), t.name());
        this.key = Sql.quote(t.key().get(0).name());
    }

    @Override
    public KeyRange bounds() throws SQLException {
        List<KeyRange> r =
                Jdbc.query(
                        snapshot,
                        boundsSql(table, key),
                        rs ->
                                rs.getString(1) == null
                                        ? null
                                        : new KeyRange(
                                                new BigInteger(rs.getString(1)),
                                                new BigInteger(rs.getString(2))));
        return r.get(0);
    }

    @Override
    public List<Probe> probe(List<KeyRange> ranges, int run) throws SQLException {
        Probe[] out = new Probe[ranges.size()];
        Jdbc.query(
                snapshot,
                probeSql(table, key, ranges, run),
                rs -> {
                    int i = rs.getInt(1);
                    out[i] =
                            new Probe(
                                    ranges.get(i),
                                    run,
                                    rs.getLong(2),
                                    integer(rs.getString(3)),
                                    integer(rs.getString(4)),
                                    integer(rs.getString(5)));
                    return null;
                });
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                throw new SQLException(
                        "planning probe of "
                                + table
                                + " returned no row for range "
                                + ranges.get(i));
            }
        }
        return List.of(out);
    }

    @Override
    public List<BigInteger> keys(KeyRange range, int limit) throws SQLException {
        return Jdbc.query(
                snapshot, keysSql(table, key, range, limit), rs -> new BigInteger(rs.getString(1)));
    }

    private static BigInteger integer(String s) {
        return s == null ? null : new BigInteger(s);
    }

    static String keysSql(String table, String key, KeyRange range, int limit) {
        return "SELECT "
                + key
                + " FROM "
                + table
                + " WHERE "
                + key
                + " >= "
                + range.lo()
                + " AND "
                + key
                + " <= "
                + range.hi()
                + " ORDER BY "
                + key
                + " LIMIT "
                + limit;
    }

    static String boundsSql(String table, String key) {
        return "SELECT MIN(" + key + "), MAX(" + key + ") FROM " + table;
    }

    /**
     * One row per range: its number, how many of its first {@code run} keys exist, the first of
     * them, the last of them, and the range's last key. The runs are derived tables with ORDER BY
     * and LIMIT, so the server stops after {@code run} index entries; the last key is one dive from
     * the right.
     */
    static String probeSql(String table, String key, List<KeyRange> ranges, int run) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranges.size(); i++) {
            String within =
                    " WHERE "
                            + key
                            + " >= "
                            + ranges.get(i).lo()
                            + " AND "
                            + key
                            + " <= "
                            + ranges.get(i).hi();
            sb.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT ")
                    .append(i)
                    .append(", COUNT(*), MIN(r.k), MAX(r.k), (SELECT MAX(")
                    .append(key)
                    .append(") FROM ")
                    .append(table)
                    .append(within)
                    .append(") FROM (SELECT ")
                    .append(key)
                    .append(" AS k FROM ")
                    .append(table)
                    .append(within)
                    .append(" ORDER BY ")
                    .append(key)
                    .append(" LIMIT ")
                    .append(run)
                    .append(") r");
        }
        return sb.toString();
    }
}
