package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code LOCK TABLES} on every selected table, for sources that refuse FLUSH TABLES WITH READ LOCK (managed services
 * without RELOAD). Only the selected tables are held: writes to other tables go on, and do not matter for this copy.
 * It runs on the coordinator connection, never on a snapshot session: LOCK TABLES would end the snapshot.
 *
 * <p>WRITE locks when {@code writePriority} (always, in practice): a waiting READ lock does not stop new writers, so
 * under a steady write load it waits for a gap between transactions — seconds on MySQL 8.0, until the timeout on
 * MariaDB 11.4 (both seen in the tests). A WRITE lock has priority over new writers and is granted as soon as the
 * transactions in flight end; it blocks readers too, but only for the milliseconds the snapshots take to start, and
 * the snapshot sessions read nothing while it is held. Tables copied under the lock (non-transactional ones) keep
 * READ locks, since the sessions must read them.
 */
public final class TableReadLock implements SourceLock {
    private final Connection connection;
    private final Clock clock;
    private final long acquiredAt;
    private final long waitMillis;
    private long heldMillis = -1;

    private TableReadLock(Connection connection, Clock clock, long acquiredAt, long waitMillis) {
        this.connection = connection;
        this.clock = clock;
        this.acquiredAt = acquiredAt;
        this.waitMillis = waitMillis;
    }

    public static TableReadLock acquire(Connection connection, List<TableInfo> tables, boolean writePriority,
                                        java.util.function.Predicate<TableInfo> readDuringLock, Duration timeout, Clock clock) {
        if (tables.isEmpty()) {
            long now = clock.millis();
            return new TableReadLock(connection, clock, now, 0);
        }
        long seconds = Math.max(1, timeout.toSeconds());
        String sql = lockStatement(tables, writePriority, readDuringLock);
        try {
            Jdbc.execute(connection, "SET SESSION lock_wait_timeout = " + seconds);
            Locks.allowWait(connection, seconds);
            long start = clock.millis();
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout((int) seconds + 2);
                st.execute(sql);
            }
            long now = clock.millis();
            return new TableReadLock(connection, clock, now, now - start);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1044 || e.getErrorCode() == MySqlErrors.SPECIFIC_ACCESS_DENIED || e.getErrorCode() == 1142) {
                throw new SnapshiftException(ErrorCode.PREFLIGHT, "the source user may not LOCK TABLES: grant it"
                        + " (GRANT LOCK TABLES ON db.* TO ...) or use --consistency snapshot (" + MySqlErrors.describe(e) + ")", e);
            }
            throw GlobalReadLock.classify(e, timeout);
        } catch (RuntimeException e) {
            // Connector/J can fail with an unchecked exception when the connection dies under a query timeout
            throw new SnapshiftException(ErrorCode.SNAPSHOT, "taking the lock failed: " + e, e);
        }
    }

    static String lockStatement(List<TableInfo> tables, boolean writePriority, java.util.function.Predicate<TableInfo> readDuringLock) {
        return "LOCK TABLES " + tables.stream().map(t -> Sql.qualified(t.database(), t.name())
                + (writePriority && !readDuringLock.test(t) ? " WRITE" : " READ")).collect(Collectors.joining(", "));
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
            Jdbc.closeQuietly(connection, e);
            throw new SnapshiftException(ErrorCode.SNAPSHOT, "UNLOCK TABLES failed; the connection was closed to release"
                    + " the locks: " + MySqlErrors.describe(e), e);
        } finally {
            heldMillis = clock.millis() - acquiredAt;
        }
    }
}
