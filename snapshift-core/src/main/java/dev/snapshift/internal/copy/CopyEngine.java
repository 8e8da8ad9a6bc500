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

/**
 * Runs the copy: worker i owns snapshot session i and one target connection for life (thread confinement, no
 * shared locks). A chunk whose source session died goes back to the queue and the worker continues on a spare
 * session from the same point in time; a chunk whose target transaction failed transiently is retried on a fresh
 * target connection; anything else fails its table, and the other tables go on.
 */
public final class CopyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CopyEngine.class);
    static final int MAX_TARGET_ATTEMPTS = 4;

    private final Snapshot snapshot;
    private final Connections target;
    private final StateTracker tracker;
    private final ChunkCopier copier;
    private final MigrationHooks hooks;
    private final BlockingDeque<Chunk> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger pending = new AtomicInteger();

    public CopyEngine(Snapshot snapshot, Connections target, StateTracker tracker, ChunkCopier copier, MigrationHooks hooks) {
        this.snapshot = snapshot;
        this.target = target;
        this.tracker = tracker;
        this.copier = copier;
        this.hooks = hooks;
    }

    /** Copies every chunk (in the given order: largest tables first); returns when all are done or failed. */
    public void run(List<Chunk> chunks) throws InterruptedException {
        queue.addAll(chunks);
        pending.set(chunks.size());
        List<Thread> threads = new ArrayList<>();
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
            // Ctrl-C / SIGTERM: workers blocked in a socket read do not see interrupts, so cut their sessions
            threads.forEach(Thread::interrupt);
            snapshot.abort();
            long deadline = System.nanoTime() + 5_000_000_000L;
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            throw e;
        }
    }

    private void work(int worker) {
        SnapshotSession session = snapshot.workerSession(worker);
        Connection out = null;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Chunk chunk = queue.pollFirst();
                if (chunk == null) {
                    if (pending.get() == 0) {
                        return;
                    }
                    chunk = queue.pollFirst(100, java.util.concurrent.TimeUnit.MILLISECONDS);
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
                if (session == null) {
                    queue.addFirst(chunk);
                    return; // no snapshot session left for this worker; others may still have one
                }
                tracker.started(db, table);
                int targetAttempts = 0;
                while (true) {
                    try {
                        if (out == null) {
                            out = TargetSession.prepare(target.open());
                        }
                        Connection sink = out;
                        copier.copy(chunk, session.connection(), sink,
                                rows -> tracker.committed(db, table, rows, false));
                        tracker.committed(db, table, 0, true);
                        pending.decrementAndGet();
                        hooks.reached(Checkpoint.CHUNK_COMMITTED, session.index());
                        break;
                    } catch (CopyFailure f) {
                        if (f.side() == CopyFailure.Side.SOURCE && f.kind() == MySqlErrors.Kind.CONNECTION_LOST) {
                            session.markLost();
                            SnapshotSession spare = snapshot.takeSpare();
                            LOG.warn("{}: source session {} lost ({}); {}", chunk, session.index(), f.getMessage(),
                                    spare == null ? "no spare session left" : "retrying on spare session " + spare.index());
                            if (spare == null) {
                                tracker.failed(db, table, "point-in-time sync lost: every snapshot session is gone ("
                                        + f.getMessage() + ")");
                                pending.decrementAndGet();
                                session = null;
                                break;
                            }
                            tracker.retrying(db, table, f.getMessage());
                            session = spare;
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
