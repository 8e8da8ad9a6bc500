package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.EnumValues;
import dev.snapshift.internal.schema.TableInfo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows whose ENUM or SET value the copy cannot carry as text (see {@link EnumValues}): an ENUM's
 * error value where the ENUM also declares {@code ''} or is in ucs2 / utf16 / utf32, a SET value
 * holding a declared {@code ''} member. They are found inside the snapshot, before the copy, by
 * their numeric value (only in such columns: rare, and one scan each), and set by key after the
 * copy, with the number itself. An ENUM takes index 0 only with a warning (1265, which a strict
 * session makes an error), so the UPDATE is an UPDATE IGNORE whose every warning is judged: only
 * that expected one, and those of VIRTUAL columns the row recomputes, may pass.
 *
 * @param table the table
 * @param column the column
 * @param keys each row's key, as raw bytes of the key columns
 * @param values each row's value: the ENUM error value's text, or the SET's number
 * @param problem why these rows cannot be set right (no key, too many): the table then fails; null
 *     otherwise
 */
public record AmbiguousValues(
        TableInfo table,
        ColumnInfo column,
        List<byte[][]> keys,
        List<String> values,
        String problem) {
    private static final Logger LOG = LoggerFactory.getLogger(AmbiguousValues.class);

    /**
     * Rows per column kept in memory; more fail the table with a message rather than exhaust the
     * heap.
     */
    static final int MAX_ROWS = 100_000;

    /**
     * Reads, on a snapshot session, the rows of {@code tables} whose ENUM/SET value is ambiguous as
     * text.
     */
    public static List<AmbiguousValues> read(Connection session, List<TableInfo> tables)
            throws SQLException {
        List<AmbiguousValues> out = new ArrayList<>();
        for (TableInfo t : tables) {
            for (ColumnInfo c : t.copiedColumns()) {
                if (EnumValues.setByKey(c)) {
                    AmbiguousValues found = read(session, t, c);
                    if (!found.keys().isEmpty() || found.problem() != null) {
                        LOG.info(
                                "{}.{}: {} row(s) whose {} value reads like another, set by key after the copy",
                                t.qualifiedName(),
                                c.name(),
                                found.keys().size(),
                                c.dataType());
                        out.add(found);
                    }
                }
            }
        }
        return out;
    }

    private static AmbiguousValues read(Connection session, TableInfo t, ColumnInfo c)
            throws SQLException {
        String col = Sql.quote(c.name());
        String where =
                EnumValues.isEnum(c)
                        ? col + " + 0 = 0"
                        : "("
                                + col
                                + " + 0) & "
                                + (1L << (EnumValues.emptyMemberPosition(c) - 1))
                                + " <> 0";
        String value = "CAST(" + col + " + 0 AS CHAR)";
        List<String> select = new ArrayList<>();
        t.key().forEach(k -> select.add(Sql.quote(k.name())));
        select.add(value);
        List<byte[][]> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (Statement st = session.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT "
                                        + String.join(", ", select)
                                        + " FROM "
                                        + Sql.qualified(t.database(), t.name())
                                        + " WHERE "
                                        + where
                                        + " LIMIT "
                                        + (MAX_ROWS + 1))) {
            while (rs.next()) {
                if (t.key().isEmpty()) {
                    return new AmbiguousValues(
                            t,
                            c,
                            List.of(),
                            List.of(),
                            "column "
                                    + c.name()
                                    + " holds values that"
                                    + " read like others ("
                                    + describe(c)
                                    + ") and the table has no primary or unique key"
                                    + " to set them right by: add a primary key on the source, or change those rows");
                }
                if (keys.size() == MAX_ROWS) {
                    return new AmbiguousValues(
                            t,
                            c,
                            List.of(),
                            List.of(),
                            "column "
                                    + c.name()
                                    + " holds more than "
                                    + MAX_ROWS
                                    + " values that read like others ("
                                    + describe(c)
                                    + "); change those rows on the"
                                    + " source or redefine the column without a '' member");
                }
                byte[][] key = new byte[t.key().size()][];
                for (int i = 0; i < key.length; i++) {
                    key[i] = rs.getBytes(i + 1);
                }
                keys.add(key);
                values.add(new String(rs.getBytes(key.length + 1), StandardCharsets.US_ASCII));
            }
        }
        return new AmbiguousValues(t, c, keys, values, null);
    }

    private static String describe(ColumnInfo c) {
        return EnumValues.isEnum(c)
                ? "the ENUM error value, index 0, beside a declared '' member"
                : "SET values with the declared '' member";
    }

    /**
     * Sets the rows right on the target, in the connection's transaction; returns how many were
     * set.
     */
    public int apply(Connection target) throws SQLException {
        String column = Sql.quote(column().name());
        int done = 0;
        for (int r = 0; r < keys.size(); r++) {
            StringBuilder sql =
                    new StringBuilder("UPDATE IGNORE ")
                            .append(Sql.qualified(table.database(), table.name()))
                            .append(" SET ")
                            .append(column)
                            .append(" = ")
                            .append(number(values.get(r)))
                            .append(" WHERE ");
            for (int k = 0; k < table.key().size(); k++) {
                if (k > 0) {
                    sql.append(" AND ");
                }
                sql.append(Sql.quote(table.key().get(k).name())).append(" = ");
                ValueEncoder.appendComparable(sql, table.key().get(k), keys.get(r)[k]);
            }
            try (Statement st = target.createStatement()) {
                done += st.executeUpdate(sql.toString());
                List<WarningJudge.Warning> warnings = LoadDataWriter.warnings(st);
                WarningJudge.Verdict verdict =
                        WarningJudge.judge(
                                table,
                                warnings,
                                warnings.isEmpty() ? 0 : LoadDataWriter.warningCount(st),
                                EnumValues.isEnum(column()) ? column().name() : null);
                if (verdict.rejected() != null) {
                    throw new SQLException(
                            "setting "
                                    + column().name()
                                    + " by key raised a warning that may"
                                    + " change stored data: "
                                    + verdict.rejected(),
                            "HY000",
                            warnings.get(0).code());
                }
            }
        }
        return done;
    }

    private static String number(String s) {
        if (!s.matches("[0-9]+")) {
            throw new IllegalStateException("not a SET number: " + s);
        }
        return s;
    }
}
