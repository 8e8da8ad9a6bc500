package dev.snapshift.internal.copy;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotSession;
import dev.snapshift.internal.state.StateTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the copy: worker i owns snapshot session i and one target connection for life (thread confinement, no
 * shared locks). A chunk whose source session died goes back to the queue and the worker continues on a spare
 * session from the same point in time; a chunk whose target transaction failed transiently is retried on a fresh
 * target connection; anything else fails its table, and the other tables go on.
 */
public final class CopyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CopyEngine.class);
    static final int MAX_TARGET_ATTEMPTS = 4;
    /** Idle spares get a cheap read this often: well inside any wait_timeout or NAT idle timeout. */
    static final long KEEPALIVE_SECONDS = 60;

    private final Snapshot snapshot;
    private final Connections target;
    private final StateTracker tracker;
    private final ChunkCopier copier;
    private final MigrationHooks hooks;
    private final BlockingDeque<Chunk> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger liveWorkers;
    /** Keyset chunks resume after the last key committed, so a retry never writes a row twice. */
    private final Map<Chunk, byte[][]> resumeAfter = new ConcurrentHashMap<>();
    private volatile String lastLoss = "";

    public CopyEngine(Snapshot snapshot, Connections target, StateTracker tracker, ChunkCopier copier, MigrationHooks hooks) {
        this.snapshot = snapshot;
        this.target = target;
        this.tracker = tracker;
        this.copier = copier;
        this.hooks = hooks;
        this.liveWorkers = new AtomicInteger(snapshot.workers());
    }

    /**
     * Copies every chunk (in the given order: largest tables first); returns when all are done or failed.
     *
     * @throws PointInTimeLost when every snapshot session died while chunks remained
     */
    public void run(List<Chunk> chunks) throws InterruptedException {
        queue.addAll(chunks);
        pending.set(chunks.size());
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService keeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snapshift-keepalive");
            t.setDaemon(true);
            return t;
        });
        keeper.scheduleWithFixedDelay(snapshot::keepSparesAlive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < snapshot.workers(); i++) {
            int worker = i;
            Thread t = new Thread(() -> work(worker), "snapshift-copy-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            keeper.shutdownNow();
            // Ctrl-C / SIGTERM: workers blocked in a socket read do not see interrupts, so cut their sessions
            threads.forEach(Thread::interrupt);
            snapshot.abort();
            long deadline = System.nanoTime() + 5_000_000_000L;
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            throw e;
        }
        keeper.shutdownNow();
        if (pending.get() > 0) {
            throw new PointInTimeLost("point-in-time sync lost: every snapshot session is gone (" + lastLoss + ") with "
                    + pending.get() + " chunk(s) left to copy");
        }
    }

    private void work(int worker) {
        SnapshotSession session = snapshot.workerSession(worker);
        Connection out = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Chunk chunk = queue.pollFirst();
                if (chunk == null) {
                    if (pending.get() == 0 || liveWorkers.get() == 0) {
                        return;
                    }
                    chunk = queue.pollFirst(100, TimeUnit.MILLISECONDS);
                    if (chunk == null) {
                        continue;
                    }
                }
                String db = chunk.table().database();
                String table = chunk.table().name();
                if (tracker.isFailed(db, table)) {
                    pending.decrementAndGet();
                    continue;
                }
                tracker.started(db, table);
                int targetAttempts = 0;
                int sourceAttempts = 0;
                while (true) {
                    try {
                        if (out == null) {
                            out = TargetSession.prepare(target.open());
                        }
                        Chunk current = chunk;
                        copier.copy(chunk, resumeAfter.get(chunk), session.connection(), out, (rows, lastKey) -> {
                            tracker.committed(db, table, rows, false);
                            if (lastKey != null) {
                                resumeAfter.put(current, lastKey);
                            }
                        });
                        tracker.committed(db, table, 0, true);
                        pending.decrementAndGet();
                        hooks.reached(Checkpoint.CHUNK_COMMITTED, session.index());
                        break;
                    } catch (CopyFailure f) {
                        boolean sourceLost = f.side() == CopyFailure.Side.SOURCE
                                && (f.kind() == MySqlErrors.Kind.CONNECTION_LOST || !session.isAlive());
                        if (sourceLost) {
                            session.markLost();
                            lastLoss = f.getMessage();
                            SnapshotSession spare = snapshot.takeSpare();
                            LOG.warn("{}: source session {} lost ({}); {}", chunk, session.index(), f.getMessage(),
                                    spare == null ? "no spare session left" : "retrying on spare session " + spare.index());
                            if (spare == null) {
                                // others may still hold the point in time; the chunk waits for them
                                queue.addFirst(chunk);
                                session = null;
                                liveWorkers.decrementAndGet();
                                return;
                            }
                            tracker.retrying(db, table, f.getMessage());
                            session = spare;
                            continue;
                        }
                        if (f.side() == CopyFailure.Side.SOURCE && f.kind() == MySqlErrors.Kind.TRANSIENT
                                && ++sourceAttempts < MAX_TARGET_ATTEMPTS) {
                            // e.g. KILL QUERY: the statement died, the session and its snapshot did not
                            LOG.warn("{}: source error ({}); retrying on the same snapshot session", chunk, f.getMessage());
                            tracker.retrying(db, table, f.getMessage());
                            continue;
                        }
                        if (f.side() == CopyFailure.Side.TARGET && f.kind() != MySqlErrors.Kind.PERMANENT
                                && ++targetAttempts < MAX_TARGET_ATTEMPTS) {
                            LOG.warn("{}: target error ({}); retrying on a fresh target connection", chunk, f.getMessage());
                            tracker.retrying(db, table, f.getMessage());
                            Jdbc.closeQuietly(out, null);
                            out = null;
                            Thread.sleep(Math.min(5_000, 200L << targetAttempts));
                            continue;
                        }
                        LOG.error("{} failed: {}", chunk, f.getMessage());
                        tracker.failed(db, table, f.getMessage());
                        pending.decrementAndGet();
                        break;
                    } catch (RuntimeException e) {
                        LOG.error("{} failed", chunk, e);
                        tracker.failed(db, table, e.getMessage() == null ? e.toString() : e.getMessage());
                        pending.decrementAndGet();
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("worker {} stopped", worker, e);
        } finally {
            if (session != null && session.state() == SnapshotSession.State.IN_SNAPSHOT) {
                snapshot.returnSpare(session); // a finished worker's session serves as a spare for the others
            }
            if (out != null) {
                try {
                    out.rollback();
                } catch (SQLException ignored) {
                    // closing discards it anyway
                }
            }
            Jdbc.closeQuietly(out, null);
        }
    }
}
