package dev.snapshift.internal.catchup;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies groups of source transactions to the target, each group in one target transaction with
 * the applied position ({@link PositionTable}) written in it too: the target holds either all of a
 * group, position included, or none of it.
 *
 * <p>Statements go in batches of several per round trip (a multi-statement connection); each
 * statement's count says what it found. An insert is a REPLACE: one that found its row replaced it
 * (counted). A delete that found nothing is counted. An update that found nothing is the one case
 * that needs more than counting — its new image must still be written, before any later statement
 * of the group touches the row — so the group is rolled back and applied again one statement at a
 * time, writing the new image where the update found nothing. Never seen when the copy and the
 * coordinates are of one instant; it makes the apply idempotent where they overlap.
 *
 * <p>The session: time_zone +00:00 (TIMESTAMP literals are UTC), the copy's strict sql_mode (a
 * value the target cannot hold fails loudly; an ENUM error value, index 0, switches to a lenient
 * mode for its one statement), foreign_key_checks=0 (the source's cascades are already in the log
 * as rows; checks would refuse rows of a child applied before its parent in a later group), and
 * unique checks on. Not thread-safe.
 */
final class Applier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    /** sql_mode for a statement holding an ENUM error value: the strict mode without strictness. */
    static final String LENIENT_MODE =
            "NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION";

    private final Connections target;
    private final TableRegistry registry;
    private final PositionTable position;
    private final boolean skipBinlog;
    private final int batchBytes;
    private final MigrationHooks hooks;
    private Connection connection;

    Applier(
            Connections target,
            TableRegistry registry,
            PositionTable position,
            boolean skipBinlog,
            int batchBytes,
            MigrationHooks hooks) {
        this.target = target;
        this.registry = registry;
        this.position = position;
        this.skipBinlog = skipBinlog;
        this.batchBytes = batchBytes;
        this.hooks = hooks;
    }

    /** The apply session, opened on first use. */
    Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = target.open("catchup", Map.of("allowMultiQueries", "true"));
            try {
                TargetSession.prepare(c, skipBinlog);
                Jdbc.execute(c, "SET unique_checks = 1");
            } catch (SQLException e) {
                Jdbc.closeQuietly(c, e);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** What one statement is, for reading its count. */
    private enum Op {
        /** A statement of the group's net changes ({@link NetChanges}). */
        NET,
        INSERT,
        UPDATE,
        DELETE,
        POSITION,
        SESSION
    }

    /**
     * One statement of a group.
     *
     * @param rows rows it writes (INSERT) or 1
     * @param table its table (null for POSITION, SESSION)
     * @param after an update's new image (written when the update finds nothing)
     */
    private record Stmt(
            String sql,
            Op op,
            int rows,
            ApplySql table,
            Serializable[] after,
            NetChanges.Kind net) {
        Stmt(String sql, Op op, int rows, ApplySql table, Serializable[] after) {
            this(sql, op, rows, table, after, null);
        }
    }

    /** A row event whose table is not migrated: its rows are left out (noted once per table). */
    interface Skipped {
        void table(String qualifiedName);
    }

    /**
     * Applies {@code group} (row changes only) in one target transaction together with the position
     * of its last transaction, and commits.
     *
     * @return what it applied
     * @throws SQLException on a failure of the target; the transaction is rolled back (or its
     *     connection is gone)
     * @throws TableRegistry.ShapeMismatch when a row does not fit its table
     */
    ApplyStats.Delta apply(List<SourceTransaction> group, Skipped skipped)
            throws SQLException, TableRegistry.ShapeMismatch {
        Connection c = connection();
        List<Stmt> ordered = new ArrayList<>();
        NetChanges net = new NetChanges();
        long events = 0;
        long rows = 0;
        for (SourceTransaction t : group) {
            for (SourceTransaction.RowsEvent e : t.changes()) {
                ApplySql sql = registry.lookup(e.database(), e.table(), e.columnCount(), c);
                if (sql == null) {
                    skipped.table(e.database() + "." + e.table());
                    continue;
                }
                events++;
                rows += e.size();
                if (registry.nettable(sql.table(), c)) {
                    net.add(sql, e);
                } else {
                    statements(sql, e, ordered);
                }
            }
        }
        List<Stmt> stmts = new ArrayList<>();
        for (NetChanges.Net n : net.statements(1000)) {
            Stmt s = new Stmt(n.sql(), Op.NET, n.rows(), null, null, n.kind());
            if (n.lenient()) {
                lenient(stmts, s);
            } else {
                stmts.add(s);
            }
        }
        stmts.addAll(ordered);
        SourceTransaction last = group.get(group.size() - 1);
        stmts.add(
                new Stmt(
                        position.update(last.end(), last.gtid(), last.timestampMillis(), false),
                        Op.POSITION,
                        1,
                        null,
                        null));
        long[] found = {0, 0, 0};
        try {
            if (!runBatched(c, stmts, found)) {
                c.rollback();
                found[0] = found[1] = found[2] = 0;
                runCarefully(c, stmts, found);
            }
            hooks.reached(Checkpoint.CATCHUP_BEFORE_COMMIT, group.size());
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } catch (Exception e) {
            // a test hook failed: treat as a failure of this transaction
            rollbackQuietly(c, e);
            throw new SQLException("hook: " + e.getMessage(), e);
        }
        return new ApplyStats.Delta(group.size(), events, rows, found[0], found[1], found[2]);
    }

    /** Statements of one row event, in order. */
    private static void statements(ApplySql sql, SourceTransaction.RowsEvent e, List<Stmt> out) {
        switch (e.kind()) {
            case INSERT -> {
                List<Serializable[]> plain = new ArrayList<>();
                for (Serializable[] row : e.after()) {
                    if (sql.needsLenientMode(row)) {
                        flushInserts(sql, plain, out);
                        lenient(
                                out,
                                new Stmt(
                                        sql.insert(java.util.Collections.singletonList(row)),
                                        Op.INSERT,
                                        1,
                                        sql,
                                        null));
                    } else {
                        plain.add(row);
                    }
                }
                flushInserts(sql, plain, out);
            }
            case UPDATE -> {
                for (int i = 0; i < e.after().size(); i++) {
                    Serializable[] after = e.after().get(i);
                    Stmt s =
                            new Stmt(
                                    sql.update(e.before().get(i), after), Op.UPDATE, 1, sql, after);
                    if (sql.needsLenientMode(after) || sql.needsLenientMode(e.before().get(i))) {
                        lenient(out, s);
                    } else {
                        out.add(s);
                    }
                }
            }
            case DELETE -> {
                for (Serializable[] before : e.before()) {
                    Stmt s = new Stmt(sql.delete(before), Op.DELETE, 1, sql, null);
                    if (sql.needsLenientMode(before)) {
                        lenient(out, s);
                    } else {
                        out.add(s);
                    }
                }
            }
        }
    }

    /** Multi-row inserts of at most 1000 rows (the batch splits them further by size). */
    private static void flushInserts(ApplySql sql, List<Serializable[]> rows, List<Stmt> out) {
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Serializable[]> part = rows.subList(from, Math.min(rows.size(), from + 1000));
            out.add(new Stmt(sql.insert(part), Op.INSERT, part.size(), sql, null));
        }
        rows.clear();
    }

    private static void lenient(List<Stmt> out, Stmt s) {
        out.add(
                new Stmt(
                        "SET SESSION sql_mode = '" + LENIENT_MODE + "'",
                        Op.SESSION,
                        0,
                        null,
                        null));
        out.add(s);
        out.add(
                new Stmt(
                        "SET SESSION sql_mode = '" + TargetSession.SQL_MODE + "'",
                        Op.SESSION,
                        0,
                        null,
                        null));
    }

    /**
     * Runs the statements several per round trip; false when an update found nothing (the caller
     * rolls back and goes carefully).
     */
    private boolean runBatched(Connection c, List<Stmt> stmts, long[] found) throws SQLException {
        int from = 0;
        while (from < stmts.size()) {
            StringBuilder sql = new StringBuilder();
            int to = from;
            while (to < stmts.size()
                    && (to == from || sql.length() + stmts.get(to).sql().length() < batchBytes)) {
                sql.append(to == from ? "" : ";").append(stmts.get(to).sql());
                to++;
            }
            long[] counts = execute(c, sql.toString(), to - from);
            for (int i = 0; i < counts.length; i++) {
                Stmt s = stmts.get(from + i);
                if (s.op() == Op.UPDATE && counts[i] == 0) {
                    return false;
                }
                count(s, counts[i], found);
            }
            from = to;
        }
        return true;
    }

    /** One statement at a time; an update that finds nothing writes its new image. */
    private void runCarefully(Connection c, List<Stmt> stmts, long[] found) throws SQLException {
        for (Stmt s : stmts) {
            long n = execute(c, s.sql(), 1)[0];
            if (s.op() == Op.UPDATE && n == 0) {
                found[1]++;
                LOG.debug(
                        "update found no row in {}: writing its new image",
                        s.table().table().qualifiedName());
                execute(c, s.table().insert(java.util.Collections.singletonList(s.after())), 1);
            } else {
                count(s, n, found);
            }
        }
    }

    private static void count(Stmt s, long n, long[] found) throws SQLException {
        switch (s.op()) {
            case NET -> {
                // REPLACE counts a replaced row twice (deleted, inserted), a new one once
                switch (s.net()) {
                    case INSERTED -> found[0] += Math.max(0, Math.min(s.rows(), n - s.rows()));
                    case UPDATED -> found[1] += Math.max(0, Math.min(s.rows(), 2L * s.rows() - n));
                    case DELETED -> found[2] += Math.max(0, s.rows() - n);
                    default -> {}
                }
            }
            case INSERT -> {
                if (!s.table().table().fullRowMatch() && n > s.rows()) {
                    found[0] += Math.min(s.rows(), n - s.rows());
                }
            }
            case DELETE -> {
                if (n == 0) {
                    found[2]++;
                }
            }
            case POSITION -> {
                if (n != 1) {
                    throw new SQLException(
                            "the catch-up's position row is missing on the target ("
                                    + PositionTable.QUALIFIED
                                    + "): was it dropped? Migrate again with --clean-target");
                }
            }
            default -> {}
        }
    }

    /** Runs {@code sql} (holding {@code statements} statements) and returns each one's count. */
    private static long[] execute(Connection c, String sql, int statements) throws SQLException {
        long[] counts = new long[statements];
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            boolean result = st.execute(sql);
            int i = 0;
            while (true) {
                if (result) {
                    st.getResultSet().close();
                } else {
                    long n = st.getLargeUpdateCount();
                    if (n == -1) {
                        break;
                    }
                    if (i < counts.length) {
                        counts[i] = n;
                    }
                    i++;
                }
                result = st.getMoreResults();
            }
            if (i != statements) {
                throw new SQLException(
                        "expected " + statements + " results from the target, got " + i);
            }
        }
        return counts;
    }

    private static void rollbackQuietly(Connection c, Throwable into) {
        try {
            c.rollback();
        } catch (SQLException e) {
            into.addSuppressed(e);
        }
    }

    /**
     * Writes {@code at} as the applied position in a transaction of its own (a group of
     * transactions that touched no migrated table, or around a schema change).
     */
    void savePosition(BinlogPosition where, String gtid, long eventTimeMillis, boolean ddlPending)
            throws SQLException {
        Connection c = connection();
        try {
            long n = execute(c, position.update(where, gtid, eventTimeMillis, ddlPending), 1)[0];
            count(new Stmt("", Op.POSITION, 1, null, null), n, new long[3]);
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    /** The stored position (on the apply session, which sees its own commits). */
    java.util.Optional<PositionTable.Stored> stored() throws SQLException {
        Connection c = connection();
        java.util.Optional<PositionTable.Stored> s = position.read(c);
        c.commit();
        return s;
    }

    /** Whether {@code e} means the apply session is gone (it is dropped; the next use reopens). */
    boolean lost(SQLException e) {
        if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
            close();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        Jdbc.closeQuietly(connection, null);
        connection = null;
    }
}
