package dev.snapshift.internal.snapshot;

import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL 8.0's {@code LOCK INSTANCE FOR BACKUP} for the whole copy: DDL waits instead of changing a
 * table under the snapshot, while DML goes on. Needs BACKUP_ADMIN; without it DDL during the copy
 * is detected (error 1412) instead.
 */
final class BackupLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupLock.class);
    private final Connection connection;

    private BackupLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * The {@code snapshift_role} of the connection holding the lock: {@code source-backup-lock}.
     */
    static final String PURPOSE = "backup-lock";

    /** Whether {@link #tryAcquire} would try the lock on this server. */
    static boolean exists(ServerInfo server) {
        return !server.mariaDb() && server.major() >= 8;
    }

    /** The lock, or null where the server has none or the user may not take it. */
    static BackupLock tryAcquire(Connections source, ServerInfo server, Duration timeout) {
        if (!exists(server)) {
            return null;
        }
        Connection c = source.open(PURPOSE);
        try {
            Jdbc.execute(c, "SET SESSION lock_wait_timeout = " + Locks.serverSeconds(timeout));
            Jdbc.execute(c, "LOCK INSTANCE FOR BACKUP");
            LOG.info("LOCK INSTANCE FOR BACKUP taken: DDL on the source waits until the copy ends");
            return new BackupLock(c);
        } catch (SQLException e) {
            Jdbc.closeQuietly(c, e);
            LOG.info(
                    "no backup lock ({}): DDL during the copy will be detected, not prevented (grant BACKUP_ADMIN to prevent it)",
                    MySqlErrors.describe(e));
            return null;
        }
    }

    @Override
    public void close() {
        try {
            Jdbc.execute(connection, "UNLOCK INSTANCE");
        } catch (SQLException ignored) {
            // closing the connection releases it too
        } finally {
            Jdbc.closeQuietly(connection, null);
        }
    }
}
