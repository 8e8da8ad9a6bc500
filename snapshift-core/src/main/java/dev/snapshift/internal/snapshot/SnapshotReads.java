package dev.snapshift.internal.snapshot;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads inside the snapshot outside the copy (the schema, planning, schema objects), on any live
 * session of the point in time. A session that dies under a read is marked lost and the read runs
 * again, whole, on another session of the same snapshot: every session sees the same instant, so
 * the answer is the same. Only when no session is left is the point in time lost. Call only while
 * no copy worker runs: a session serves one thread at a time.
 */
public final class SnapshotReads {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReads.class);

    /**
     * One read; may run more than once (on another session), so it must not keep state between
     * attempts.
     */
    @FunctionalInterface
    public interface Read<T> {
        T run(Connection session) throws SQLException;
    }

    private final Snapshot snapshot;
    private final MigrationHooks hooks;

    public SnapshotReads(Snapshot snapshot, MigrationHooks hooks) {
        this.snapshot = snapshot;
        this.hooks = hooks;
    }

    /**
     * @param what what is read, for messages ("read the schema of shop")
     * @param point the checkpoint reached before each attempt, with the session's index (for fault
     *     tests)
     * @throws PointInTimeLost when no session of the snapshot is left
     * @throws SnapshiftException COPY when the source refuses the read for another reason than a
     *     lost connection
     */
    public <T> T read(String what, Checkpoint point, Read<T> read) {
        while (true) {
            SnapshotSession s = snapshot.liveSession();
            if (s == null) {
                throw new PointInTimeLost(
                        "point-in-time sync lost: no snapshot session is left to " + what);
            }
            try {
                checkpoint(point, s.index());
                return read.run(s.connection());
            } catch (SQLException e) {
                if (MySqlErrors.classify(e) != MySqlErrors.Kind.CONNECTION_LOST && s.isAlive()) {
                    throw new SnapshiftException(
                            ErrorCode.COPY,
                            "the source refused to "
                                    + what
                                    + " inside the snapshot: "
                                    + MySqlErrors.describeSourceRead(e),
                            e);
                }
                s.markLost();
                LOG.warn(
                        "source session {} was lost while it read, to {} ({}); reading again on another session of the"
                                + " same snapshot",
                        s.index(),
                        what,
                        MySqlErrors.describe(e));
            }
        }
    }

    private void checkpoint(Checkpoint point, int session) {
        try {
            hooks.reached(point, session);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SnapshiftException(
                    ErrorCode.INTERNAL, "hook at " + point + " failed: " + e, e);
        }
    }
}
