package dev.snapshift.internal.snapshot;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.MigrationState.LockTiming;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Sessions that all see the same instant, and the coordinates of that instant. The first {@code workers} sessions
 * belong to the workers; the rest are spares that replace a lost one without moving the point in time.
 */
public final class Snapshot implements AutoCloseable {
    private final List<SnapshotSession> sessions;
    private final Deque<SnapshotSession> spares = new ArrayDeque<>();
    private final BinlogCoordinates coordinates;
    private final LockTiming lockTiming;
    private final int workers;

    Snapshot(List<SnapshotSession> sessions, int workers, BinlogCoordinates coordinates, LockTiming lockTiming) {
        this.sessions = List.copyOf(sessions);
        this.workers = workers;
        this.coordinates = coordinates;
        this.lockTiming = lockTiming;
        spares.addAll(this.sessions.subList(workers, this.sessions.size()));
    }

    /** Null when the source has no binary log. */
    public BinlogCoordinates coordinates() {
        return coordinates;
    }

    public LockTiming lockTiming() {
        return lockTiming;
    }

    public int workers() {
        return workers;
    }

    public SnapshotSession workerSession(int worker) {
        return sessions.get(worker);
    }

    /** A spare session from the same point in time, or null when none is left. */
    public synchronized SnapshotSession takeSpare() {
        return spares.pollFirst();
    }

    public synchronized int sparesLeft() {
        return spares.size();
    }

    @Override
    public void close() {
        for (SnapshotSession s : sessions) {
            s.close();
        }
    }
}
