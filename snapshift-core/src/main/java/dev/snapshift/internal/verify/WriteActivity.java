package dev.snapshift.internal.verify;

import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a server is being written to, read twice: only a change means anything.
 *
 * <p>Where the performance schema instruments table I/O (MySQL's default), the rows written to the
 * compared databases' tables, by any thread (the replication applier's too), and only those: a
 * server's own bookkeeping, such as the compression of mysql.gtid_executed on a GTID source, is not
 * a write to the data. Otherwise (MariaDB, where it is off by default, or a user who may not read
 * it) the server-wide counters: InnoDB rows inserted, updated and deleted on MySQL, the handler's
 * row writes, updates and deletes on MariaDB.
 */
final class WriteActivity {
    private static final List<String> INNODB =
            List.of("Innodb_rows_inserted", "Innodb_rows_updated", "Innodb_rows_deleted");
    private static final List<String> HANDLER =
            List.of("Handler_write", "Handler_update", "Handler_delete");

    private WriteActivity() {}

    /** A token of the writes so far: equal tokens, no write seen in between. */
    static String sample(Connection c, List<String> databases) throws SQLException {
        if (!databases.isEmpty()) {
            try {
                if (tableIoInstrumented(c)) {
                    return "table writes " + tableWrites(c, databases);
                }
            } catch (SQLException e) {
                // not readable by this user: the server-wide counters below
            }
        }
        return "server rows written " + serverRowsWritten(c);
    }

    /**
     * The SQL of the rows written to the tables of {@code databases} (bound as parameters), as the
     * performance schema counts them.
     */
    static String tableWritesSql(int databases) {
        return "SELECT COALESCE(SUM(COUNT_WRITE), 0) FROM performance_schema.table_io_waits_summary_by_table"
                + " WHERE OBJECT_TYPE = 'TABLE' AND OBJECT_SCHEMA IN ("
                + String.join(", ", java.util.Collections.nCopies(databases, "?"))
                + ")";
    }

    private static long tableWrites(Connection c, List<String> databases) throws SQLException {
        return parse(Jdbc.scalar(c, tableWritesSql(databases.size()), databases.toArray()));
    }

    /** The performance schema is on, and counts table I/O (instrument and consumer enabled). */
    private static boolean tableIoInstrumented(Connection c) throws SQLException {
        if (!"1".equals(Jdbc.scalar(c, "SELECT @@GLOBAL.performance_schema"))) {
            return false;
        }
        String instrument =
                Jdbc.scalar(
                        c,
                        "SELECT ENABLED FROM performance_schema.setup_instruments"
                                + " WHERE NAME = 'wait/io/table/sql/handler'");
        String consumer =
                Jdbc.scalar(
                        c,
                        "SELECT ENABLED FROM performance_schema.setup_consumers"
                                + " WHERE NAME = 'global_instrumentation'");
        return "YES".equalsIgnoreCase(instrument) && "YES".equalsIgnoreCase(consumer);
    }

    private static long serverRowsWritten(Connection c) throws SQLException {
        Map<String, Long> status = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Jdbc.query(
                c,
                "SHOW GLOBAL STATUS WHERE Variable_name IN ("
                        + "'Innodb_rows_inserted', 'Innodb_rows_updated', 'Innodb_rows_deleted',"
                        + " 'Handler_write', 'Handler_update', 'Handler_delete')",
                rs -> status.put(rs.getString(1).toLowerCase(Locale.ROOT), parse(rs.getString(2))));
        List<String> names = status.containsKey(INNODB.get(0)) ? INNODB : HANDLER;
        return names.stream().mapToLong(n -> status.getOrDefault(n, 0L)).sum();
    }

    private static long parse(String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
