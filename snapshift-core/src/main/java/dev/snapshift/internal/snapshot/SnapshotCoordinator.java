package dev.snapshift.internal.snapshot;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState.LockTiming;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the point in time. The snapshot invariant, in order:
 * <ol>
 *   <li>open every session (workers and spares), each at REPEATABLE READ, before any lock;</li>
 *   <li>{@code FLUSH TABLES WITH READ LOCK} with a bounded wait, on a separate coordinator connection;</li>
 *   <li>read the binlog coordinates under the lock;</li>
 *   <li>{@code START TRANSACTION WITH CONSISTENT SNAPSHOT} on every session under the lock;</li>
 *   <li>{@code UNLOCK TABLES}: writers were blocked only for steps 3-4, and that time is measured.</li>
 * </ol>
 * A session started outside the lock would see another instant than the coordinates say; the integration tests
 * check the order through the {@link Checkpoint} hooks.
 */
public final class SnapshotCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);

    private final Connections source;
    private final ServerInfo server;
    private final MigrationHooks hooks;
    private final Clock clock;

    public SnapshotCoordinator(Connections source, ServerInfo server, MigrationHooks hooks, Clock clock) {
        this.source = source;
        this.server = server;
        this.hooks = hooks;
        this.clock = clock;
    }

    public Snapshot take(int workers, int sessionCount, Duration lockWaitTimeout) {
        List<SnapshotSession> sessions = new ArrayList<>(sessionCount);
        Connection coordinator = null;
        try {
            for (int i = 0; i < sessionCount; i++) {
                SnapshotSession s = new SnapshotSession(i, source.open());
                sessions.add(s);
                s.prepare(server);
            }
            coordinator = source.open();
            checkpoint(Checkpoint.SESSIONS_OPENED, -1);
            BinlogCoordinates coordinates;
            GlobalReadLock lock = GlobalReadLock.acquire(coordinator, lockWaitTimeout, clock);
            try {
                checkpoint(Checkpoint.LOCK_ACQUIRED, -1);
                coordinates = BinlogReader.read(coordinator, server);
                checkpoint(Checkpoint.COORDINATES_READ, -1);
                for (SnapshotSession s : sessions) {
                    s.startSnapshot();
                    checkpoint(Checkpoint.SNAPSHOT_STARTED, s.index());
                }
                checkpoint(Checkpoint.BEFORE_UNLOCK, -1);
            } finally {
                lock.close();
            }
            checkpoint(Checkpoint.UNLOCKED, -1);
            LockTiming timing = new LockTiming(lock.waitMillis(), lock.heldMillis());
            LOG.info("snapshot taken on {} sessions at {}; lock wait {} ms, held {} ms", sessionCount,
                    coordinates == null ? "(no binary log)" : coordinates, timing.waitMillis(), timing.heldMillis());
            return new Snapshot(sessions, workers, coordinates, timing);
        } catch (SQLException e) {
            SnapshiftException failure = new SnapshiftException(ErrorCode.SNAPSHOT, "could not start the snapshot sessions: "
                    + MySqlErrors.describe(e), e);
            sessions.forEach(s -> Jdbc.closeQuietly(s, failure));
            throw failure;
        } catch (RuntimeException e) {
            sessions.forEach(s -> Jdbc.closeQuietly(s, e));
            throw e;
        } finally {
            Jdbc.closeQuietly(coordinator, null);
        }
    }

    private void checkpoint(Checkpoint point, int session) {
        try {
            hooks.reached(point, session);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SnapshiftException(ErrorCode.INTERNAL, "hook at " + point + " failed: " + e, e);
        }
    }
}
