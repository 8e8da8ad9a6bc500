package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of MariaDB's system-versioned tables: the rows a plain SELECT no longer shows, read
 * with {@code FOR SYSTEM_TIME ALL} on a session of the snapshot and inserted with their ROW START /
 * ROW END under {@code system_versioning_insert_history} (MariaDB 10.11+). The copy then brings the
 * current rows, with their ROW START, like any table's. Runs in the schema phase, before the copy,
 * so that the table's indexes are built once, afterwards.
 *
 * <p>History rows are those whose ROW END lies before the largest TIMESTAMP, which current rows
 * carry (both sessions read TIMESTAMPs in UTC). Tables versioned by transaction id (ROW START as
 * BIGINT) are not copied: their history refers to the source's transaction registry; such a table
 * fails with that reason.
 */
public final class HistoryCopier {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryCopier.class);

    /**
     * Current rows' ROW END on MariaDB up to 11.4 (later 64-bit builds use 2106-02-07, which is
     * later still).
     */
    static final String CURRENT = "TIMESTAMP'2038-01-19 03:14:07.999999'";

    private static final int STATEMENT_BYTES = 1 << 20;

    private HistoryCopier() {}

    /**
     * Copies the history of each system-versioned table of {@code tables}; a failure fails that
     * table only.
     */
    public static void copy(
            Connection snapshotSession,
            Connections target,
            List<TableInfo> tables,
            StateTracker tracker,
            boolean skipBinlog) {
        List<TableInfo> versioned = tables.stream().filter(TableInfo::versioned).toList();
        if (versioned.isEmpty()) {
            return;
        }
        try (Connection c = TargetSession.prepare(target.open(), skipBinlog)) {
            Jdbc.execute(c, "SET SESSION system_versioning_insert_history = 1");
            for (TableInfo t : versioned) {
                try {
                    long rows = copy(snapshotSession, c, t);
                    LOG.info("{}: {} history row(s) copied", t.qualifiedName(), rows);
                } catch (SQLException e) {
                    Jdbc.closeQuietly(c::rollback, null);
                    tracker.failed(
                            t.database(),
                            t.name(),
                            "copying its history (FOR SYSTEM_TIME ALL) failed: "
                                    + MySqlErrors.describe(e));
                } catch (IllegalStateException e) {
                    tracker.failed(t.database(), t.name(), e.getMessage());
                }
            }
        } catch (SQLException e) {
            versioned.forEach(
                    t ->
                            tracker.failed(
                                    t.database(),
                                    t.name(),
                                    "copying its history failed: the target"
                                            + " refused system_versioning_insert_history ("
                                            + MySqlErrors.describe(e)
                                            + "); it needs MariaDB"
                                            + " 10.11 or later"));
        }
    }

    private static long copy(Connection source, Connection target, TableInfo t)
            throws SQLException {
        ColumnInfo end =
                t.columns().stream()
                        .filter(c -> SourceCatalog.ROW_END.equals(c.generationExpression()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no ROW END column found"));
        if (!end.dataType().toLowerCase(Locale.ROOT).startsWith("timestamp")) {
            throw new IllegalStateException(
                    "it is versioned by transaction id (ROW END "
                            + end.dataType()
                            + "): its"
                            + " history refers to the source's transaction registry and cannot be copied; copy it by hand,"
                            + " or drop its versioning on the source");
        }
        List<ColumnInfo> cols = t.copiedColumns();
        String prefix = ChunkSql.insertPrefix(t);
        long rows = 0;
        try (Statement read =
                source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            read.setFetchSize(Integer.MIN_VALUE);
            String list = Sql.columnList(cols.stream().map(ColumnInfo::name).toList());
            try (ResultSet rs =
                    read.executeQuery(
                            "SELECT "
                                    + list
                                    + " FROM "
                                    + Sql.qualified(t.database(), t.name())
                                    + " FOR SYSTEM_TIME ALL WHERE "
                                    + Sql.quote(end.name())
                                    + " < "
                                    + CURRENT)) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    sb.append(sb.isEmpty() ? prefix : ",").append('(');
                    for (int i = 0; i < cols.size(); i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        ValueEncoder.append(sb, cols.get(i), rs.getBytes(i + 1));
                    }
                    sb.append(')');
                    rows++;
                    if (sb.length() >= STATEMENT_BYTES) {
                        insert(target, sb);
                    }
                }
                if (!sb.isEmpty()) {
                    insert(target, sb);
                }
            }
        }
        return rows;
    }

    private static void insert(Connection target, StringBuilder sb) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.executeUpdate(sb.toString());
        }
        target.commit();
        sb.setLength(0);
    }
}
