package dev.snapshift.internal.catchup;

import java.io.Serializable;
import java.util.List;

/**
 * One transaction of the source's binary log as the catch-up applies it: its row changes of tables
 * in migrated databases, in log order, or the one statement it ran.
 *
 * @param start where it begins in the binary log: everything before it is applied once it is next
 * @param end where it ends: stored on the target with its rows, the next transaction starts here
 * @param timestampMillis the source's time of its last event (its commit)
 * @param gtid its GTID (MySQL {@code uuid:n}, MariaDB {@code domain-server-seq}), or null
 * @param changes its row events on tables of the migrated databases, in order
 * @param statement the statement it ran, when that may change a migrated database (DDL, or a
 *     statement-logged change), else null
 */
record SourceTransaction(
        BinlogPosition start,
        BinlogPosition end,
        long timestampMillis,
        String gtid,
        List<RowsEvent> changes,
        Statement statement) {

    SourceTransaction {
        changes = List.copyOf(changes);
    }

    /** Rows in all its row events. */
    int rows() {
        int n = 0;
        for (RowsEvent e : changes) {
            n += e.size();
        }
        return n;
    }

    /** A row event: its table as the TABLE_MAP named it, and its row images. */
    record RowsEvent(
            String database,
            String table,
            int columnCount,
            Kind kind,
            List<Serializable[]> before,
            List<Serializable[]> after) {
        RowsEvent {
            before = before == null ? List.of() : before;
            after = after == null ? List.of() : after;
        }

        int size() {
            return kind == Kind.DELETE ? before.size() : after.size();
        }
    }

    enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }

    /**
     * A statement of the binary log that may change a migrated database, with the session context
     * it ran in.
     *
     * @param kind CHANGE or TRIGGER_OR_EVENT
     * @param sql its bytes as logged
     * @param sqlMode the session's sql_mode bits (-1: not logged)
     * @param charsetId character_set_client (-1: not logged)
     * @param collationId collation_connection (-1: not logged)
     */
    record Statement(
            Statements.Kind kind,
            String database,
            byte[] sql,
            String text,
            long sqlMode,
            int charsetId,
            int collationId) {}
}
