package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/** The bounded, measured execution shared by the lock classes. */
final class Locks {
    private Locks() {
    }

    /** Failure handling of one kind of lock statement. */
    @FunctionalInterface
    interface Classifier {
        SnapshiftException classify(SQLException e);
    }

    /**
     * Runs the statements in order with {@code lock_wait_timeout} and a query timeout as bounds; the last one takes
     * the lock, and its wait is measured.
     */
    static SourceLock take(Connection c, Duration timeout, Clock clock, Classifier classifier, String... statements) {
        long seconds = Math.max(1, timeout.toSeconds());
        try {
            Jdbc.execute(c, "SET SESSION lock_wait_timeout = " + seconds);
            allowWait(c, seconds);
            long start = clock.millis();
            for (String sql : statements) {
                start = clock.millis();
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout((int) seconds + 2);
                    st.execute(sql);
                }
            }
            long now = clock.millis();
            return new SourceLock(c, clock, now, now - start);
        } catch (SQLException e) {
            throw classifier.classify(e);
        } catch (RuntimeException e) {
            // Connector/J can fail with an unchecked exception when the connection dies under a query timeout
            throw new SnapshiftException(ErrorCode.SNAPSHOT, "taking the lock failed: " + e, e);
        }
    }

    /** A lock statement may wait up to its lock timeout: the network timeout must not cut it short. */
    static void allowWait(Connection c, long lockSeconds) throws SQLException {
        int needed = (int) Math.min(Integer.MAX_VALUE, (lockSeconds + 5) * 1000);
        int current = c.getNetworkTimeout();
        if (current != 0 && current < needed) {
            c.setNetworkTimeout(Runnable::run, needed);
        }
    }
}
