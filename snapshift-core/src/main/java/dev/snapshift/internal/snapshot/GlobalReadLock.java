package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code FLUSH TABLES WITH READ LOCK} on a coordinator connection, with a bounded wait. While FTWRL waits, every
 * writer waits behind it, so the wait is bounded twice: by {@code lock_wait_timeout} on the server and by a query
 * timeout that kills the statement from another connection should the server not honour the first.
 */
public final class GlobalReadLock implements SourceLock {
    private final Connection connection;
    private final Clock clock;
    private final long acquiredAt;
    private final long waitMillis;
    private long heldMillis = -1;

    private GlobalReadLock(Connection connection, Clock clock, long acquiredAt, long waitMillis) {
        this.connection = connection;
        this.clock = clock;
        this.acquiredAt = acquiredAt;
        this.waitMillis = waitMillis;
    }

    public static GlobalReadLock acquire(Connection connection, Duration timeout, Clock clock) {
        long seconds = Math.max(1, timeout.toSeconds());
        try {
            Jdbc.execute(connection, "SET SESSION lock_wait_timeout = " + seconds);
            Locks.allowWait(connection, seconds);
            // Flush first without the lock: FTWRL's own flush then has little left to do, so the lock comes quickly.
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout((int) seconds + 2);
                st.execute("FLUSH NO_WRITE_TO_BINLOG TABLES");
            }
            long start = clock.millis();
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout((int) seconds + 2);
                st.execute("FLUSH TABLES WITH READ LOCK");
            }
            long now = clock.millis();
            return new GlobalReadLock(connection, clock, now, now - start);
        } catch (SQLException e) {
            throw classify(e, timeout);
        } catch (RuntimeException e) {
            // Connector/J can fail with an unchecked exception when the connection dies under a query timeout
            throw new SnapshiftException(ErrorCode.SNAPSHOT, "taking the lock failed: " + e, e);
        }
    }

    static SnapshiftException classify(SQLException e, Duration timeout) {
        int code = e.getErrorCode();
        if (code == MySqlErrors.SPECIFIC_ACCESS_DENIED || code == 1044 || code == MySqlErrors.ACCESS_DENIED) {
            return new SnapshiftException(ErrorCode.PREFLIGHT, "the source user may not run FLUSH TABLES WITH READ LOCK:"
                    + " grant it the RELOAD privilege (GRANT RELOAD ON *.* TO ...) (" + MySqlErrors.describe(e) + ")", e);
        }
        if (code == MySqlErrors.LOCK_WAIT_TIMEOUT || code == MySqlErrors.QUERY_INTERRUPTED
                || e.getClass().getSimpleName().contains("Timeout")) {
            return new SnapshiftException(ErrorCode.SNAPSHOT, "could not take the global read lock within "
                    + timeout.toSeconds() + "s: a long-running query or an open table lock holds it up; look at"
                    + " SHOW PROCESSLIST on the source, wait for it to finish, then run again ("
                    + MySqlErrors.describe(e) + ")", e);
        }
        // anything else (the connection killed while waiting, say) is worth another attempt too
        return new SnapshiftException(ErrorCode.SNAPSHOT, "taking the lock failed: " + MySqlErrors.describe(e), e);
    }

    @Override
    public long waitMillis() {
        return waitMillis;
    }

    @Override
    public long heldMillis() {
        return heldMillis;
    }

    @Override
    public void close() {
        if (heldMillis >= 0) {
            return;
        }
        try {
            Jdbc.execute(connection, "UNLOCK TABLES");
        } catch (SQLException e) {
            // closing the connection releases the lock on the server side
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new SnapshiftException(ErrorCode.SNAPSHOT, "UNLOCK TABLES failed; the connection was closed to"
                    + " release the lock: " + MySqlErrors.describe(e), e);
        } finally {
            heldMillis = clock.millis() - acquiredAt;
        }
    }
}
