package dev.snapshift.internal.snapshot;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One source connection that holds one consistent snapshot for its whole life. Owned by one worker
 * at a time; not thread-safe.
 *
 * <p>Nothing that implicitly commits may run here once the snapshot started (DDL, LOCK TABLES, SET
 * autocommit, another START TRANSACTION, FLUSH): the read view would silently move to a later point
 * in time. For the same reason the JDBC autocommit flag is never touched (Connector/J would send
 * {@code SET autocommit}). A session whose transaction died is useless and is never reconnected.
 */
public final class SnapshotSession implements AutoCloseable {
    public enum State {
        OPEN,
        IN_SNAPSHOT,
        LOST,
        CLOSED
    }

    private final int index;
    private final Connection connection;
    private volatile State state = State.OPEN;

    /**
     * The server's id of this connection, and on MariaDB the binlog position of its snapshot: for
     * diagnostics.
     */
    private volatile String identity = "";

    SnapshotSession(int index, Connection connection) {
        this.index = index;
        this.connection = connection;
    }

    /**
     * Session settings, all before the snapshot: REPEATABLE READ (WITH CONSISTENT SNAPSHOT is
     * silently ignored under any other level), UTC so TIMESTAMP values travel unchanged, raw column
     * bytes in results, and generous network timeouts for long streams.
     */
    void prepare(ServerInfo server) throws SQLException {
        if (!server.mariaDb() && server.major() >= 8) {
            // one round trip (every session does this between the preflight and the lock)
            Jdbc.execute(
                    connection,
                    "SET SESSION transaction_isolation = 'REPEATABLE-READ', "
                            + SETTINGS
                            + ","
                            + " information_schema_stats_expiry = 0");
        } else {
            Jdbc.execute(connection, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Jdbc.execute(connection, "SET " + SETTINGS);
        }
        identity = "connection " + Jdbc.scalar(connection, "SELECT CONNECTION_ID()");
    }

    private static final String SETTINGS =
            "time_zone = '+00:00', character_set_results = NULL, net_read_timeout = 3600,"
                    + " net_write_timeout = 3600, wait_timeout = 86400";

    /** Must run while the global read lock is held. */
    void startSnapshot() throws SQLException {
        if (state != State.OPEN) {
            throw new IllegalStateException(
                    "session " + index + " is " + state + ", cannot start a snapshot");
        }
        Jdbc.execute(connection, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        state = State.IN_SNAPSHOT;
    }

    /**
     * Records where this session's snapshot is, when the server says (MariaDB): evidence in the
     * chunk log.
     */
    void noteSnapshotPosition(String[] position) {
        if (position != null) {
            identity =
                    identity.replaceFirst(" at .*", "") + " at " + position[0] + ":" + position[1];
        }
    }

    /** Connection id, and the snapshot's binlog position where the server reports it. */
    public String identity() {
        return identity;
    }

    /**
     * Ends the snapshot so it can be started again (lockless mode, when the sessions disagreed).
     */
    void abandonSnapshot() throws SQLException {
        Jdbc.execute(connection, "ROLLBACK");
        state = State.OPEN;
    }

    /**
     * MariaDB and Percona Server: the binlog position that exactly matches this session's snapshot
     * (status variables binlog_snapshot_file / binlog_snapshot_position). Null where the server
     * does not provide them.
     */
    String[] binlogSnapshotPosition() throws SQLException {
        String file = null;
        String position = null;
        for (String[] row :
                Jdbc.query(
                        connection,
                        "SHOW SESSION STATUS LIKE 'binlog_snapshot_%'",
                        rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            if (row[0].equalsIgnoreCase("binlog_snapshot_file")) {
                file = row[1];
            } else if (row[0].equalsIgnoreCase("binlog_snapshot_position")) {
                position = row[1];
            }
        }
        // with log_bin off MariaDB still answers, with an empty file and position 0: no proof of
        // anything
        return file == null || file.isEmpty() || position == null
                ? null
                : new String[] {file, position};
    }

    public int index() {
        return index;
    }

    public State state() {
        return state;
    }

    /** The connection, for reads inside the snapshot only. */
    public Connection connection() {
        if (state != State.IN_SNAPSHOT) {
            throw new IllegalStateException("session " + index + " is " + state);
        }
        return connection;
    }

    /**
     * Before the snapshot: whether the connection still answers (a lost one is replaced before the
     * lock).
     */
    boolean answers() {
        if (state != State.OPEN) {
            return false;
        }
        try {
            Jdbc.scalar(connection, "SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A cheap read inside the snapshot: false when the connection (and with it the snapshot) is
     * gone.
     */
    public boolean isAlive() {
        if (state != State.IN_SNAPSHOT) {
            return false;
        }
        try {
            Jdbc.scalar(connection, "SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The connection or its transaction died: the point in time on this session is gone for good.
     */
    public void markLost() {
        state = State.LOST;
    }

    /**
     * Drops the connection at once, even while another thread reads from it; the server rolls back.
     */
    void abort() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.LOST;
        try {
            connection.abort(Runnable::run);
        } catch (SQLException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            if (!connection.isClosed()) {
                try {
                    Jdbc.execute(connection, "ROLLBACK");
                } catch (SQLException ignored) {
                    // a dead connection cannot roll back; closing it releases everything
                    // server-side
                }
            }
        } catch (SQLException ignored) {
            // isClosed does not throw in practice
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }
}
