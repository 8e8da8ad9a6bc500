package dev.snapshift.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Query results as lists of strings, for comparing a source with a target. */
final class Rows {
    private Rows() {}

    /** Every row of the query, each as its columns' text (null as "NULL"), "|"-joined. */
    static List<String> of(Connection c, String sql, Object... params) throws SQLException {
        return of(c, UnaryOperator.identity(), sql, params);
    }

    /** The same, each column's text first passed through {@code column}. */
    static List<String> of(Connection c, UnaryOperator<String> column, String sql, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return read(rs, column);
            }
        }
    }

    /** Every result set a statement returns (a CALL), row by row, sets separated by "--". */
    static List<String> call(Connection c, String sql, UnaryOperator<String> column)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            boolean results = st.execute(sql);
            while (results || st.getUpdateCount() != -1) {
                if (results) {
                    try (ResultSet rs = st.getResultSet()) {
                        out.addAll(read(rs, column));
                        out.add("--");
                    }
                }
                results = st.getMoreResults();
            }
        }
        return out;
    }

    /** The first column of the first row. */
    static String one(Connection c, String sql, Object... params) throws SQLException {
        List<String> rows = of(c, sql, params);
        return rows.isEmpty() ? null : rows.get(0).split("\\|", -1)[0];
    }

    /** One column of a SHOW CREATE statement. */
    static String show(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            return rs.getString(column);
        }
    }

    private static List<String> read(ResultSet rs, UnaryOperator<String> column)
            throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    sb.append('|');
                }
                String v = rs.getString(i);
                sb.append(v == null ? "NULL" : column.apply(v));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
