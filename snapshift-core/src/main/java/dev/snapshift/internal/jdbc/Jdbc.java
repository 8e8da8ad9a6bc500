package dev.snapshift.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC conveniences, so the components read as SQL and not as plumbing. */
public final class Jdbc {
    private Jdbc() {}

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * The rows of {@code sql}, each mapped. Without parameters it goes as a plain statement: the
     * driver's client-side prepared statement would first scan the text for placeholders (the
     * catalog queries are long), on the path of every start.
     */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        if (params.length == 0) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                return rows(rs, mapper);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs, mapper);
            }
        }
    }

    private static <T> List<T> rows(ResultSet rs, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
            out.add(mapper.map(rs));
        }
        return out;
    }

    /** First column of the first row as a string, or null when there is no row. */
    public static String scalar(Connection c, String sql, Object... params) throws SQLException {
        List<String> rows = query(c, sql, rs -> rs.getString(1), params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static void closeQuietly(AutoCloseable c, Throwable into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            if (into != null) {
                into.addSuppressed(e);
            }
        }
    }
}
