package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * A lock that blocks writers on the source while the snapshots start ({@link GlobalReadLock},
 * {@link TableReadLock}). Released with {@code UNLOCK TABLES} on close; measures how long writers
 * waited for it and were held by it.
 */
public final class SourceLock implements AutoCloseable {
    private final Connection connection;
    private final Clock clock;
    private final long acquiredAt;
    private final long waitMillis;
    private long heldMillis = -1;

    SourceLock(Connection connection, Clock clock, long acquiredAt, long waitMillis) {
        this.connection = connection;
        this.clock = clock;
        this.acquiredAt = acquiredAt;
        this.waitMillis = waitMillis;
    }

    /**
     * How long the lock statement waited, writers queued behind it: every try of it (see {@link
     * Locks#take}), not only the one that got through.
     */
    public long waitMillis() {
        return waitMillis;
    }

    /** How long writers were blocked; known once closed. */
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
            Jdbc.closeQuietly(connection, e);
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT,
                    "UNLOCK TABLES failed; the connection was closed to release"
                            + " the lock: "
                            + MySqlErrors.describe(e),
                    e);
        } finally {
            heldMillis = clock.millis() - acquiredAt;
        }
    }
}
