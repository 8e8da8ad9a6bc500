package dev.snapshift.internal.snapshot;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationState.LockTiming;
import dev.snapshift.internal.jdbc.Jdbc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Sessions that all see the same instant, and the coordinates of that instant. The first {@code
 * workers} sessions belong to the workers; the rest are spares that replace a lost one without
 * moving the point in time. Also holds whatever must last as long as the copy (the read-only
 * switch, the backup lock) and releases it on close.
 */
public final class Snapshot implements AutoCloseable {
    private final List<SnapshotSession> sessions;
    private final Deque<SnapshotSession> spares = new ArrayDeque<>();
    private final int workers;
    private final ConsistencyMode consistency;
    private final List<AutoCloseable> holds = new ArrayList<>();
    private BinlogCoordinates coordinates;
    private LockTiming lockTiming;

    Snapshot(List<SnapshotSession> sessions, int workers, ConsistencyMode consistency) {
        this.sessions = List.copyOf(sessions);
        this.workers = workers;
        this.consistency = consistency;
        spares.addAll(this.sessions.subList(workers, this.sessions.size()));
    }

    void coordinates(BinlogCoordinates c) {
        coordinates = c;
    }

    void lockTiming(LockTiming t) {
        lockTiming = t;
    }

    void hold(AutoCloseable resource) {
        holds.add(resource);
    }

    /** Null when the source has no binary log, or the mode holds no point in time. */
    public BinlogCoordinates coordinates() {
        return coordinates;
    }

    /** Null when no lock was taken. */
    public LockTiming lockTiming() {
        return lockTiming;
    }

    /** SNAPSHOT, READ_ONLY, LOCK_TABLES, LOCKLESS or NONE: what actually ran. */
    public ConsistencyMode consistency() {
        return consistency;
    }

    public int workers() {
        return workers;
    }

    public SnapshotSession workerSession(int worker) {
        return sessions.get(worker);
    }

    /** Session i of all of them, workers first (for starting snapshots). */
    SnapshotSession workerSessionOrSpare(int i) {
        return sessions.get(i);
    }

    int sessionCount() {
        return sessions.size();
    }

    /**
     * A live session of this point in time, for reads outside the copy (catalog, planning, finish):
     * only while no worker runs, since a session serves one thread at a time. Null when every
     * session is gone.
     */
    public synchronized SnapshotSession liveSession() {
        for (SnapshotSession s : sessions) {
            if (s.isAlive()) {
                return s;
            }
        }
        return null;
    }

    /**
     * A live spare session from the same point in time, or null when none is left. Each candidate
     * is checked first (a cheap read); a dead one is discarded, never reconnected.
     */
    public synchronized SnapshotSession takeSpare() {
        SnapshotSession s;
        while ((s = spares.pollFirst()) != null) {
            if (s.isAlive()) {
                return s;
            }
            s.markLost();
        }
        return null;
    }

    /** A worker that finished hands its session over as a spare. */
    public synchronized void returnSpare(SnapshotSession s) {
        spares.addLast(s);
    }

    /**
     * Keeps idle spares from idling out (server wait_timeout, NAT and firewall timeouts); drops
     * dead ones.
     */
    public synchronized void keepSparesAlive() {
        spares.removeIf(
                s -> {
                    if (s.isAlive()) {
                        return false;
                    }
                    s.markLost();
                    return true;
                });
    }

    public synchronized int sparesLeft() {
        return spares.size();
    }

    /**
     * Cuts every session at once, from any thread (interrupted copy); close() still releases the
     * rest.
     */
    public void abort() {
        for (SnapshotSession s : sessions) {
            s.abort();
        }
    }

    /**
     * Closes every session, then releases what was held (restoring read_only last of all, and
     * always).
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (SnapshotSession s : sessions) {
            s.close();
        }
        for (int i = holds.size() - 1; i >= 0; i--) {
            try {
                holds.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        holds.clear();
        if (failure != null) {
            throw failure;
        }
    }

    static void closeAll(List<SnapshotSession> sessions, Throwable into) {
        sessions.forEach(s -> Jdbc.closeQuietly(s, into));
    }
}
