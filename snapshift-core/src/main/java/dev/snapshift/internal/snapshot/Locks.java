package dev.snapshift.internal.snapshot;

import java.sql.Connection;
import java.sql.SQLException;

/** Shared by the lock classes. */
final class Locks {
    private Locks() {
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
