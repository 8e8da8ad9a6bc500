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

    /**
     * @param watchdog the second connection the wait's watchdog cancels through (see {@link
     *     Locks#take})
     */
    public static SourceLock acquire(
            Connection connection,
            java.util.function.Supplier<Connection> watchdog,
            Duration timeout,
            Clock clock) {
        // No FLUSH TABLES first (as mysqldump and mydumper do): a FLUSH TABLES cancelled while it
        // waits leaves the tables marked for flushing, and every new statement on them then waits
        // for the statements using them to end. When one of those waits for a row lock whose holder
        // is among the new statements, they all wait for InnoDB's innodb_lock_wait_timeout (50 s by
        // default), long after the flush is gone (seen: writers stalled 44-47 s after each
        // cancelled
        // 3 s flush). FTWRL takes the global read lock before it flushes, so a cancel while it
        // waits for that lock leaves nothing behind; and once it holds it, no write runs, so its
        // flush waits only for reads (bounded by the long-query guard).
        return Locks.take(
                connection,
                watchdog,
                timeout,
                clock,
                e -> classify(e, timeout),
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
        return waitFailed(
                e,
                timeout,
                "the global read lock",
                ", or use --consistency lock-tables (its lock waits only for the transactions in"
                        + " flight, so writers contending on rows do not hold it up)");
    }

    /**
     * A lock statement's failure other than a refusal: a wait that ran out (what holds a lock up,
     * and what to do: {@code alternative} is appended) or anything else, worth another attempt.
     */
    static SnapshiftException waitFailed(
            SQLException e, Duration timeout, String lock, String alternative) {
        int code = e.getErrorCode();
        if (code == MySqlErrors.LOCK_WAIT_TIMEOUT
                || code == MySqlErrors.QUERY_INTERRUPTED
                || code == MySqlErrors.DEADLOCK
                || e.getClass().getSimpleName().contains("Timeout")) {
            return new SnapshiftException(
                    ErrorCode.SNAPSHOT,
                    "could not take "
                            + lock
                            + " within "
                            + Locks.describe(timeout)
                            + ": a long-running query, an open table lock, or writers contending on the"
                            + " same rows hold it up; look at SHOW PROCESSLIST on the source (and"
                            + " at long transactions in information_schema.INNODB_TRX), then run"
                            + " again, perhaps at a quieter time"
                            + alternative
                            + " ("
                            + MySqlErrors.describe(e)
                            + ")",
                    e);
        }
        // anything else (the connection killed while waiting, say) is worth another attempt too
        return new SnapshiftException(
                ErrorCode.SNAPSHOT, "taking the lock failed: " + MySqlErrors.describe(e), e);
    }
}
