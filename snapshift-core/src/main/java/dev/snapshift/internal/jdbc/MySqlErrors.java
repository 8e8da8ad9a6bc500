package dev.snapshift.internal.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Classification of server errors. A pure, default-deny function of the exception: only errors
 * known to be caused by a lost connection count as such.
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

    private MySqlErrors() {}

    /** What the failure of a statement means for the session it ran on. */
    public enum Kind {
        /**
         * The connection is gone (network, server restart, KILL): the session and its snapshot are
         * lost.
         */
        CONNECTION_LOST,
        /**
         * Transient on a live connection: deadlock, lock wait timeout, a statement killed with KILL
         * QUERY.
         */
        TRANSIENT,
        /** Anything else: permanent, do not retry. */
        PERMANENT
    }

    /**
     * What a failure means for its session. Walks the cause chain: a wrapper (a failed LOAD DATA,
     * say) whose cause is a lost connection is a lost connection; otherwise the outermost SQL error
     * decides. Default-deny: only errors known to pass are TRANSIENT, only errors known to mean a
     * dead connection are CONNECTION_LOST.
     */
    public static Kind classify(SQLException e) {
        if (e == null) {
            return Kind.PERMANENT;
        }
        Kind outer = null;
        int depth = 0;
        for (Throwable t = e;
                t != null && depth < 16;
                t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (connectionLost(t)) {
                return Kind.CONNECTION_LOST;
            }
            if (outer == null
                    && t instanceof SQLException s
                    && (s.getErrorCode() != 0 || s.getSQLState() != null)) {
                outer = own(s);
            }
        }
        return outer == null ? Kind.PERMANENT : outer;
    }

    private static boolean connectionLost(Throwable t) {
        if (t instanceof SQLException s) {
            String state = s.getSQLState();
            int code = s.getErrorCode();
            return s instanceof SQLTransientConnectionException
                    || (state != null && state.startsWith("08"))
                    || code == SERVER_SHUTDOWN
                    || code == CONNECTION_KILLED
                    || s.getClass().getName().endsWith("CommunicationsException");
        }
        return t instanceof java.net.SocketException
                || t instanceof java.io.EOFException
                || t.getClass().getName().endsWith("CJCommunicationsException");
    }

    /** The kind of one error by its own code, not looking at causes. */
    private static Kind own(SQLException e) {
        int code = e.getErrorCode();
        if (code == DEADLOCK || code == LOCK_WAIT_TIMEOUT || code == QUERY_INTERRUPTED) {
            return Kind.TRANSIENT;
        }
        return Kind.PERMANENT;
    }

    /** A failed read of a table inside the snapshot, with what it means when DDL got in the way. */
    public static String describeSourceRead(SQLException e) {
        String base = describe(e);
        if (e.getErrorCode() == TABLE_DEF_CHANGED) {
            return base
                    + " - the table was altered, truncated or rebuilt on the source during the copy, so it cannot"
                    + " be read as of the snapshot; run the migration again (on MySQL 8, grant BACKUP_ADMIN so that"
                    + " snapshift makes DDL wait with LOCK INSTANCE FOR BACKUP)";
        }
        if (e.getErrorCode() == 1146 || e.getErrorCode() == BAD_DB) {
            return base
                    + " - the table was dropped or renamed on the source during the copy; run the migration again";
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
