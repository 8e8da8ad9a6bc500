package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code FLUSH TABLES WITH READ LOCK} on a coordinator connection, with a bounded wait. While FTWRL
 * waits, every writer waits behind it, so the wait is bounded: by a watchdog that cancels the
 * statement at the exact deadline, by {@code lock_wait_timeout} on the server (whole seconds), and
 * by a query timeout should neither work (see {@link Locks}).
 */
public final class GlobalReadLock {
    private GlobalReadLock() {}

    public static SourceLock acquire(Connection connection, Duration timeout, Clock clock) {
        // Flush first without the lock: FTWRL's own flush then has little left to do, so the lock
        // comes quickly.
        return Locks.take(
                connection,
                timeout,
                clock,
                e -> classify(e, timeout),
                "FLUSH NO_WRITE_TO_BINLOG TABLES",
                "FLUSH TABLES WITH READ LOCK");
    }

    static SnapshiftException classify(SQLException e, Duration timeout) {
        int code = e.getErrorCode();
        if (code == MySqlErrors.SPECIFIC_ACCESS_DENIED
                || code == 1044
                || code == MySqlErrors.ACCESS_DENIED) {
            return new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "the source user may not run FLUSH TABLES WITH READ LOCK:"
                            + " grant it the RELOAD privilege (GRANT RELOAD ON *.* TO ...) ("
                            + MySqlErrors.describe(e)
                            + ")",
                    e);
        }
        if (code == MySqlErrors.LOCK_WAIT_TIMEOUT
                || code == MySqlErrors.QUERY_INTERRUPTED
                || e.getClass().getSimpleName().contains("Timeout")) {
            return new SnapshiftException(
                    ErrorCode.SNAPSHOT,
                    "could not take the global read lock within "
                            + Locks.describe(timeout)
                            + ": a long-running query or an open table lock holds it up; look at"
                            + " SHOW PROCESSLIST on the source, wait for it to finish, then run again ("
                            + MySqlErrors.describe(e)
                            + ")",
                    e);
        }
        // anything else (the connection killed while waiting, say) is worth another attempt too
        return new SnapshiftException(
                ErrorCode.SNAPSHOT, "taking the lock failed: " + MySqlErrors.describe(e), e);
    }
}
