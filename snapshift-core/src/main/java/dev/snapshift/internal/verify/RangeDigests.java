package dev.snapshift.internal.verify;

import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the digests of {@link DigestSql} on a server, and, when two digests differ, which rows do:
 * every row's hash on both sides, matched by key (by hash, counted, for a table without a key).
 * Memory: one entry per row of the range on the source side (a page or a chunk).
 */
public final class RangeDigests {
    private RangeDigests() {}

    public static PageCheck.Digest digest(Connection c, PageRange range, List<ColumnInfo> columns)
            throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(DigestSql.digest(range, columns))) {
            rs.next();
            return new PageCheck.Digest(rs.getLong(1), new BigInteger(text(rs, 2)));
        }
    }

    /** One row as read for the comparison: its key's encoding, hash and shown values. */
    private record Row(String key, String hash, List<String> shown) {}

    /** What a row is, compared with the other side. */
    private enum Kind {
        DIFFERS("differs"),
        MISSING("missing on the target"),
        EXTRA("only on the target");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /**
     * The rows of {@code range} that differ: in key order, those whose values differ, those missing
     * on the target, then those only on the target; the first {@code max} named, all counted.
     */
    public static PageCheck.Differences differences(
            Connection source,
            Connection target,
            PageRange range,
            List<ColumnInfo> columns,
            int max)
            throws SQLException {
        TableInfo t = range.table();
        return t.key().isEmpty()
                ? multisetDifferences(source, target, range, columns, max)
                : keyedDifferences(source, target, range, columns, max);
    }

    private static PageCheck.Differences keyedDifferences(
            Connection source,
            Connection target,
            PageRange range,
            List<ColumnInfo> columns,
            int max)
            throws SQLException {
        List<ColumnInfo> key = range.table().key();
        String sql = DigestSql.rowHashes(range, columns, key);
        Map<String, Row> sourceRows = new LinkedHashMap<>();
        read(source, sql, key.size(), r -> sourceRows.put(r.key(), r));
        Map<String, Kind> kinds = new HashMap<>();
        List<Row> extra = new ArrayList<>();
        read(
                target,
                sql,
                key.size(),
                r -> {
                    Row s = sourceRows.get(r.key());
                    if (s == null) {
                        extra.add(r);
                    } else if (s.hash().equals(r.hash())) {
                        sourceRows.remove(r.key());
                    } else {
                        kinds.put(r.key(), Kind.DIFFERS);
                    }
                });
        List<String> named = new ArrayList<>();
        long count = 0;
        for (Row r : sourceRows.values()) {
            count++;
            if (named.size() < max) {
                named.add(
                        KeyText.key(key, r.shown())
                                + " ("
                                + kinds.getOrDefault(r.key(), Kind.MISSING).text
                                + ")");
            }
        }
        for (Row r : extra) {
            count++;
            if (named.size() < max) {
                named.add(KeyText.key(key, r.shown()) + " (" + Kind.EXTRA.text + ")");
            }
        }
        return new PageCheck.Differences(named, count);
    }

    /** Columns that name a row of a table without a key. */
    static final int SHOWN_COLUMNS = 4;

    private static PageCheck.Differences multisetDifferences(
            Connection source,
            Connection target,
            PageRange range,
            List<ColumnInfo> columns,
            int max)
            throws SQLException {
        List<ColumnInfo> shown = columns.subList(0, Math.min(SHOWN_COLUMNS, columns.size()));
        String sql = DigestSql.rowHashes(range, columns, shown);
        Map<String, int[]> counts = new HashMap<>();
        read(
                source,
                sql,
                shown.size(),
                r -> counts.computeIfAbsent(r.hash(), h -> new int[1])[0]++);
        List<String> named = new ArrayList<>();
        long[] count = {0};
        read(
                target,
                sql,
                shown.size(),
                r -> {
                    int[] n = counts.get(r.hash());
                    if (n != null && n[0] > 0) {
                        n[0]--;
                    } else {
                        count[0]++;
                        if (named.size() < max) {
                            named.add(KeyText.row(shown, r.shown()) + " (" + Kind.EXTRA.text + ")");
                        }
                    }
                });
        List<String> missing = new ArrayList<>();
        read(
                source,
                sql,
                shown.size(),
                r -> {
                    int[] n = counts.get(r.hash());
                    if (n != null && n[0] > 0) {
                        n[0]--;
                        count[0]++;
                        if (missing.size() < max) {
                            missing.add(
                                    KeyText.row(shown, r.shown()) + " (" + Kind.MISSING.text + ")");
                        }
                    }
                });
        List<String> all = new ArrayList<>(missing);
        all.addAll(named);
        return new PageCheck.Differences(all.subList(0, Math.min(max, all.size())), count[0]);
    }

    @FunctionalInterface
    private interface RowSink {
        void accept(Row r) throws SQLException;
    }

    /** Streams the rows of {@code sql} (row by row: a range may be large). */
    private static void read(Connection c, String sql, int shown, RowSink sink)
            throws SQLException {
        try (Statement st =
                c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(shown);
                    for (int i = 0; i < shown; i++) {
                        values.add(text(rs, 3 + i));
                    }
                    sink.accept(new Row(text(rs, 1), text(rs, 2), values));
                }
            }
        }
    }

    /**
     * A column as UTF-8 text, whatever the connection's result character set (the values read here
     * are ASCII or converted to utf8mb4 by the query).
     */
    static String text(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
