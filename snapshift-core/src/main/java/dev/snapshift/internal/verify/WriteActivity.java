package dev.snapshift.internal.verify;

import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a server is being written to: a counter of rows written, read twice. MySQL counts InnoDB
 * rows inserted, updated and deleted (the replication applier's too); MariaDB, which has no such
 * counters, the handler's row writes, updates and deletes (temporary tables, which the comparison's
 * own queries may use, are counted apart there).
 */
final class WriteActivity {
    private static final List<String> INNODB =
            List.of("Innodb_rows_inserted", "Innodb_rows_updated", "Innodb_rows_deleted");
    private static final List<String> HANDLER =
            List.of("Handler_write", "Handler_update", "Handler_delete");

    private WriteActivity() {}

    /** Rows written on the server so far (a counter; only its change means anything). */
    static long sample(Connection c) throws SQLException {
        Map<String, Long> status = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Jdbc.query(
                c,
                "SHOW GLOBAL STATUS WHERE Variable_name IN ("
                        + "'Innodb_rows_inserted', 'Innodb_rows_updated', 'Innodb_rows_deleted',"
                        + " 'Handler_write', 'Handler_update', 'Handler_delete')",
                rs -> status.put(rs.getString(1), parse(rs.getString(2))));
        List<String> names = status.containsKey(INNODB.get(0)) ? INNODB : HANDLER;
        return names.stream().mapToLong(n -> status.getOrDefault(n, 0L)).sum();
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
