package dev.snapshift.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Classification of server errors. A pure, default-deny function of the exception: only errors known to be
 * caused by a lost connection count as such.
 */
public final class MySqlErrors {
    public static final int ACCESS_DENIED = 1045;
    public static final int BAD_DB = 1049;
    public static final int LOCK_WAIT_TIMEOUT = 1205;
    public static final int DEADLOCK = 1213;
    public static final int SPECIFIC_ACCESS_DENIED = 1227;
    public static final int TABLE_DEF_CHANGED = 1412;
    public static final int QUERY_INTERRUPTED = 1317;
    public static final int CONNECTION_KILLED = 1927; // MariaDB
    public static final int SERVER_SHUTDOWN = 1053;

    private MySqlErrors() {
    }

    /** What the failure of a statement means for the session it ran on. */
    public enum Kind {
        /** The connection is gone (network, server restart, KILL): the session and its snapshot are lost. */
        CONNECTION_LOST,
        /** Transient on a live connection: deadlock, lock wait timeout, a statement killed with KILL QUERY. */
        TRANSIENT,
        /** Anything else: permanent, do not retry. */
        PERMANENT
    }

    public static Kind classify(SQLException e) {
        if (e == null) {
            return Kind.PERMANENT;
        }
        String state = e.getSQLState();
        int code = e.getErrorCode();
        if (e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"))
                || code == SERVER_SHUTDOWN || code == CONNECTION_KILLED
                || e.getClass().getName().endsWith("CommunicationsException")) {
            return Kind.CONNECTION_LOST;
        }
        if (code == DEADLOCK || code == LOCK_WAIT_TIMEOUT || code == QUERY_INTERRUPTED) {
            return Kind.TRANSIENT;
        }
        return Kind.PERMANENT;
    }

    /** A failed read of a table inside the snapshot, with what it means when DDL got in the way. */
    public static String describeSourceRead(SQLException e) {
        String base = describe(e);
        if (e.getErrorCode() == TABLE_DEF_CHANGED) {
            return base + " - the table was altered, truncated or rebuilt on the source during the copy, so it cannot"
                    + " be read as of the snapshot; run the migration again (on MySQL 8, grant BACKUP_ADMIN so that"
                    + " snapshift makes DDL wait with LOCK INSTANCE FOR BACKUP)";
        }
        if (e.getErrorCode() == 1146 || e.getErrorCode() == BAD_DB) {
            return base + " - the table was dropped or renamed on the source during the copy; run the migration again";
        }
        return base;
    }

    /** Message with the server's error code, e.g. "[1146] Table 'x.y' doesn't exist". */
    public static String describe(SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        if (nl > 0) {
            msg = msg.substring(0, nl);
        }
        return e.getErrorCode() != 0 ? "[" + e.getErrorCode() + "] " + msg : msg;
    }
}
