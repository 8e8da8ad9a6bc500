package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code LOCK TABLES} on every selected table, for sources that refuse FLUSH TABLES WITH READ LOCK
 * (managed services without RELOAD). Only the selected tables are held: writes to other tables go
 * on, and do not matter for this copy. It runs on the coordinator connection, never on a snapshot
 * session: LOCK TABLES would end the snapshot.
 *
 * <p>WRITE locks when {@code writePriority} (always, in practice): a waiting READ lock does not
 * stop new writers, so under a steady write load it waits for a gap between transactions — seconds
 * on MySQL 8.0, until the timeout on MariaDB 11.4 (both seen in the tests). A WRITE lock has
 * priority over new writers and is granted as soon as the transactions in flight end; it blocks
 * readers too, but only for the milliseconds the snapshots take to start, and the snapshot sessions
 * read nothing while it is held. Tables copied under the lock (non-transactional ones) keep READ
 * locks, since the sessions must read them.
 */
public final class TableReadLock {
    private TableReadLock() {}

    /**
     * @param watchdog the second connection the wait's watchdog cancels through (see {@link
     *     Locks#take})
     */
    public static SourceLock acquire(
            Connection connection,
            java.util.function.Supplier<Connection> watchdog,
            List<TableInfo> tables,
            boolean writePriority,
            Predicate<TableInfo> readDuringLock,
            Duration timeout,
            Clock clock) {
        if (tables.isEmpty()) {
            return new SourceLock(connection, clock, clock.millis(), 0);
        }
        // source connections are read-only for transactions, and the server counts a WRITE lock as
        // a write: allowed
        // for the lock statement alone, read-only again as soon as the lock is held
        SourceLock lock =
                Locks.take(
                        connection,
                        watchdog,
                        timeout,
                        clock,
                        e -> {
                            if (e.getErrorCode() == 1044
                                    || e.getErrorCode() == MySqlErrors.SPECIFIC_ACCESS_DENIED
                                    || e.getErrorCode() == 1142) {
                                return new SnapshiftException(
                                        ErrorCode.PREFLIGHT,
                                        "the source user may not LOCK TABLES: grant it"
                                                + " (GRANT LOCK TABLES ON db.* TO ...) or use --consistency snapshot ("
                                                + MySqlErrors.describe(e)
                                                + ")",
                                        e);
                            }
                            return GlobalReadLock.waitFailed(e, timeout, "the table locks", "");
                        },
                        "SET SESSION TRANSACTION READ WRITE",
                        lockStatement(tables, writePriority, readDuringLock));
        try {
            Jdbc.execute(connection, "SET SESSION TRANSACTION READ ONLY");
        } catch (SQLException e) {
            Jdbc.closeQuietly(lock, e);
            throw GlobalReadLock.waitFailed(e, timeout, "the table locks", "");
        }
        return lock;
    }

    static String lockStatement(
            List<TableInfo> tables, boolean writePriority, Predicate<TableInfo> readDuringLock) {
        return "LOCK TABLES "
                + tables.stream()
                        .map(
                                t ->
                                        Sql.qualified(t.database(), t.name())
                                                + (writePriority && !readDuringLock.test(t)
                                                        ? " WRITE"
                                                        : " READ"))
                        .collect(Collectors.joining(", "));
    }
}
