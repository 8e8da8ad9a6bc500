package dev.snapshift.sandbox.check;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An order-independent digest of a table's content: row count plus the sum of a SHA-256 per row
 * over the raw bytes of every column (NULL distinct from empty). Equal digests mean equal multisets
 * of rows, whatever the row order of either server.
 */
public record TableDigest(long rows, long sumA, long sumB) {

    public static TableDigest of(Connection c, String database, String table) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long rows = 0;
        long a = 0;
        long b = 0;
        try (Statement st =
                c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.execute("SET time_zone = '+00:00'");
            st.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + q(database) + "." + q(table))) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    sha.reset();
                    for (int i = 1; i <= n; i++) {
                        byte[] v = rs.getBytes(i);
                        if (v == null) {
                            sha.update((byte) 0);
                        } else {
                            sha.update((byte) 1);
                            sha.update(ByteBuffer.allocate(4).putInt(v.length).array());
                            sha.update(v);
                        }
                    }
                    ByteBuffer d = ByteBuffer.wrap(sha.digest());
                    a += d.getLong();
                    b += d.getLong();
                    rows++;
                }
            }
        }
        return new TableDigest(rows, a, b);
    }

    /** Digests of every base table of a database, by table name. */
    public static Map<String, TableDigest> ofDatabase(Connection c, String database)
            throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = '"
                                        + database.replace("\\", "\\\\").replace("'", "''")
                                        + "'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, TableDigest> out = new TreeMap<>();
        for (String t : tables) {
            out.put(t, of(c, database, t));
        }
        return out;
    }

    /** Human-readable differences between two databases' digests; empty when equal. */
    public static List<String> differences(
            Map<String, TableDigest> expected, Map<String, TableDigest> actual) {
        List<String> out = new ArrayList<>();
        Map<String, TableDigest> all = new LinkedHashMap<>(expected);
        actual.forEach(all::putIfAbsent);
        for (String t : all.keySet()) {
            TableDigest e = expected.get(t);
            TableDigest x = actual.get(t);
            if (e == null || x == null) {
                out.add(t + ": present on one side only");
            } else if (!e.equals(x)) {
                out.add(
                        t
                                + ": "
                                + e.rows()
                                + " rows vs "
                                + x.rows()
                                + " rows, content "
                                + (e.equals(x) ? "equal" : "differs"));
            }
        }
        return out;
    }

    private static String q(String id) {
        return "`" + id.replace("`", "``") + "`";
    }
}
