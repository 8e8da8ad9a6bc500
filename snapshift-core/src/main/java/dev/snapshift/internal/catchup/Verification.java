package dev.snapshift.internal.catchup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.CutoverState;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Compares the migrated tables on source and target once writes stopped: rows per table, or also an
 * order-independent digest of every row (SHA-256 per row over each column's bytes, summed), read as
 * UTC. FLOAT and DOUBLE values enter as their bits (5.7 prints them otherwise than 8.0), JSON as
 * its value with sorted keys (MariaDB keeps the text as written, MySQL normalizes it).
 */
final class Verification {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Verification() {}

    static List<CutoverState.TableCheck> compare(
            Connection source,
            Connection target,
            List<ApplyTable> tables,
            CutoverRequest.Verify verify)
            throws SQLException {
        List<CutoverState.TableCheck> out = new ArrayList<>();
        if (verify == CutoverRequest.Verify.NONE) {
            return out;
        }
        Jdbc.execute(source, "SET time_zone = '+00:00'");
        Jdbc.execute(target, "SET time_zone = '+00:00'");
        for (ApplyTable t : tables) {
            if (verify == CutoverRequest.Verify.COUNTS) {
                out.add(
                        new CutoverState.TableCheck(
                                t.database(),
                                t.name(),
                                count(source, t),
                                count(target, t),
                                null,
                                null));
            } else {
                Digest s = digest(source, t);
                Digest d = digest(target, t);
                out.add(
                        new CutoverState.TableCheck(
                                t.database(), t.name(), s.rows, d.rows, s.hex(), d.hex()));
            }
        }
        return out;
    }

    private static long count(Connection c, ApplyTable t) throws SQLException {
        return Long.parseLong(Jdbc.scalar(c, "SELECT COUNT(*) FROM " + t.quoted()));
    }

    private record Digest(long rows, long a, long b) {
        String hex() {
            return HexFormat.of().formatHex(ByteBuffer.allocate(16).putLong(a).putLong(b).array());
        }
    }

    private static Digest digest(Connection c, ApplyTable t) throws SQLException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder cols = new StringBuilder();
        List<ApplyTable.Column> read = new ArrayList<>();
        for (ApplyTable.Column col : t.columns()) {
            if (col.generated()) {
                continue;
            }
            read.add(col);
            cols.append(cols.length() == 0 ? "" : ", ").append(Sql.quote(col.name()));
        }
        long rows = 0;
        long a = 0;
        long b = 0;
        try (Statement st =
                c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM " + t.quoted())) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    sha.reset();
                    for (int i = 1; i <= read.size(); i++) {
                        byte[] v = value(rs, i, md.getColumnType(i), read.get(i - 1));
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
        return new Digest(rows, a, b);
    }

    private static byte[] value(ResultSet rs, int i, int sqlType, ApplyTable.Column col)
            throws SQLException {
        if (col.floating()
                || sqlType == Types.REAL
                || sqlType == Types.DOUBLE
                || sqlType == Types.FLOAT) {
            double d = rs.getDouble(i);
            if (rs.wasNull()) {
                return null;
            }
            if (col.dataType().equals("float")) {
                return ByteBuffer.allocate(4).putFloat((float) d).array();
            }
            return ByteBuffer.allocate(8).putDouble(d).array();
        }
        byte[] v = rs.getBytes(i);
        if (v != null && col.dataType().toLowerCase(Locale.ROOT).equals("json")) {
            try {
                Object parsed = JSON.readValue(v, Object.class);
                return JSON.writeValueAsString(parsed).getBytes(StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return v;
            }
        }
        return v;
    }
}
