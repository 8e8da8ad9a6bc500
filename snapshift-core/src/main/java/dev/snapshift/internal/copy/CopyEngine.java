package dev.snapshift.internal.copy;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.retry.RetryPolicy;
import dev.snapshift.internal.snapshot.PointInTimeLost;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotSession;
import dev.snapshift.internal.state.StateTracker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the copy: worker i owns snapshot session i and one target connection for life (thread
 * confinement, no shared locks). A chunk whose source session died goes back to the queue and the
 * worker continues on a spare session from the same point in time; a chunk whose target transaction
 * failed transiently is retried on a fresh target connection; anything else fails its table, and
 * the other tables go on.
 */
public final class CopyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(CopyEngine.class);

    /**
     * One line per committed chunk (DEBUG): key range, rows, session and its snapshot; the evidence
     * of a copy.
     */
    private static final Logger CHUNKS = LoggerFactory.getLogger("dev.snapshift.chunks");

    /**
     * Idle spares get a cheap read this often: well inside any wait_timeout or NAT idle timeout.
     */
    static final long KEEPALIVE_SECONDS = 60;

    /** How often the throughput is measured for the adaptive parallelism. */
    static final long TICK_MILLIS = 2_000;

    /**
     * The purpose ({@code snapshift_role} {@code target-copy}) of a worker's target session. The
     * first workers take the schema's sessions, handed over to this purpose once the tables exist
     * (as many as {@link #targetSessionsAtStart}; they keep the role {@code target-schema}).
     */
    public static final String TARGET_PURPOSE = "copy";

    /**
     * How many target sessions the workers take as soon as the copy starts: one per worker that
     * runs at first ({@code adaptive}: half of them), but no more than there are chunks at least
     * ({@code tables} with their estimated rows, {@code chunkRows} per chunk at most), so that a
     * small copy opens none it will not use.
     */
    public static int targetSessionsAtStart(
            int workers,
            boolean adaptive,
            List<dev.snapshift.internal.schema.TableInfo> tables,
            int chunkRows) {
        long chunks = 0;
        for (dev.snapshift.internal.schema.TableInfo t : tables) {
            chunks += Math.max(1, (Math.max(0, t.estimatedRows()) + chunkRows - 1) / chunkRows);
        }
        return (int) Math.min(Parallelism.starting(workers, adaptive), chunks);
    }

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

    /** Ctrl-C / SIGTERM cut the sessions on purpose: their failures are not news. */
    private volatile boolean aborting;

    private final boolean skipTargetBinlog;
    private final Parallelism parallelism;

    /**
     * Chunks not yet committed, per table: at 0 the table is copied and its indexes can be built.
     */
    private final Map<String, AtomicInteger> chunksLeft = new ConcurrentHashMap<>();

    private java.util.function.Consumer<dev.snapshift.internal.schema.TableInfo> onTableCopied =
            t -> {};

    /** Called with a chunk and its rows once its last target transaction committed. */
    private java.util.function.ObjLongConsumer<Chunk> onChunkCommitted = (c, rows) -> {};

    /** Rows committed per chunk so far (a chunk commits page by page). */
    private final Map<Chunk, java.util.concurrent.atomic.AtomicLong> chunkRows =
            new ConcurrentHashMap<>();

    /** Set when a worker found the queue empty: the tick did not measure a saturated copy. */
    private final java.util.concurrent.atomic.AtomicBoolean starved =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param adaptive the snapshot's workers are a ceiling; how many run follows the measured
     *     throughput
     */
    public CopyEngine(
            Snapshot snapshot,
            Connections target,
            StateTracker tracker,
            ChunkCopier copier,
            MigrationHooks hooks,
            boolean skipTargetBinlog,
            boolean adaptive) {
        this.snapshot = snapshot;
        this.target = target;
        this.tracker = tracker;
        this.copier = copier;
        this.hooks = hooks;
        this.skipTargetBinlog = skipTargetBinlog;
        this.liveWorkers = new AtomicInteger(snapshot.workers());
        this.parallelism = new Parallelism(snapshot.workers(), adaptive);
    }

    /** The rows-per-second ceiling over all workers ({@code --max-rate}); null: none. */
    private volatile RateLimiter limiter;

    /** Reads at most {@code rowsPerSecond} rows per second over all workers (0: no limit). */
    public CopyEngine limitedTo(long rowsPerSecond) {
        this.limiter = rowsPerSecond > 0 ? new RateLimiter(rowsPerSecond, System::nanoTime) : null;
        return this;
    }

    /**
     * Copies every chunk (in the given order: largest tables first); returns when all are done or
     * failed.
     *
     * @throws PointInTimeLost when every snapshot session died while chunks remained
     */
    /**
     * Called, on a copy worker's thread, when the last chunk of a table committed (not for failed
     * tables).
     */
    public CopyEngine onTableCopied(
            java.util.function.Consumer<dev.snapshift.internal.schema.TableInfo> listener) {
        this.onTableCopied = listener;
        return this;
    }

    /**
     * Called, on a copy worker's thread, when a chunk's last target transaction committed, with the
     * rows it committed in all.
     */
    public CopyEngine onChunkCommitted(java.util.function.ObjLongConsumer<Chunk> listener) {
        this.onChunkCommitted = listener;
        return this;
    }

    public void run(List<Chunk> chunks) throws InterruptedException {
        for (Chunk c : chunks) {
            chunksLeft
                    .computeIfAbsent(c.table().qualifiedName(), k -> new AtomicInteger())
                    .incrementAndGet();
        }
        queue.addAll(chunks);
        pending.set(chunks.size());
        ScheduledExecutorService keeper = Threads.scheduled("snapshift-keepalive");
        keeper.scheduleWithFixedDelay(
                snapshot::keepSparesAlive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        keeper.scheduleAtFixedRate(this::adapt, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        ExecutorService pool = Threads.fixed("snapshift-copy", snapshot.workers());
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < snapshot.workers(); i++) {
            int worker = i;
            workers.add(
                    pool.submit(
                            () -> {
                                work(worker);
                                return null;
                            }));
        }
        Throwable failed = null;
        try {
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // a worker died of something unforeseen: the coordinator hears of it, it is not
                    // only logged
                    LOG.error("a copy worker failed", e.getCause());
                    if (failed == null) {
                        failed = e.getCause();
                    }
                }
            }
        } catch (InterruptedException e) {
            aborting = true;
            keeper.shutdownNow();
            // Ctrl-C / SIGTERM: workers blocked in a socket read do not see interrupts, so cut
            // their sessions
            snapshot.abort();
            Threads.stopNow(pool, Duration.ofSeconds(5), "the copy workers");
            throw e;
        } finally {
            keeper.shutdownNow();
            pool.shutdownNow();
        }
        if (failed != null) {
            throw new SnapshiftException(
                    ErrorCode.INTERNAL, "a copy worker failed: " + failed, failed);
        }
        if (pending.get() > 0) {
            throw new PointInTimeLost(
                    "point-in-time sync lost: every snapshot session is gone ("
                            + lastLoss
                            + ") with "
                            + pending.get()
                            + " chunk(s) left to copy");
        }
    }

    private long lastBytes;

    private void adapt() {
        int before = parallelism.limit();
        long bytes = copier.bytesWritten();
        int after = parallelism.tick(bytes, System.nanoTime(), !starved.getAndSet(false));
        if (after != before) {
            LOG.info(
                    "parallelism {} -> {} workers ({} MB/s at {})",
                    before,
                    after,
                    String.format(
                            java.util.Locale.ROOT,
                            "%.1f",
                            (bytes - lastBytes) / 1e6 / (TICK_MILLIS / 1000.0)),
                    before);
        }
        lastBytes = bytes;
    }

    /**
     * The next chunk, once this worker may run (null: nothing left for it). Holds a running slot
     * when non-null.
     */
    private Chunk next() throws InterruptedException {
        while (true) {
            if (pending.get() <= 0 || liveWorkers.get() == 0) {
                return null;
            }
            if (!parallelism.tryEnter()) {
                Thread.sleep(50);
                continue;
            }
            Chunk chunk = queue.pollFirst(100, TimeUnit.MILLISECONDS);
            if (chunk != null) {
                return chunk;
            }
            parallelism.exit();
            starved.set(true);
        }
    }

    /**
     * What one worker holds: its snapshot session (a spare after a loss) and its way into the
     * target.
     */
    private static final class Worker {
        SnapshotSession session;
        TargetLink out;

        /** Rows of the open target transaction counted as streaming, not committed yet. */
        long streamed;

        Worker(SnapshotSession session) {
            this.session = session;
        }
    }

    private void work(int index) throws Exception {
        Worker w = new Worker(snapshot.workerSession(index));
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Chunk chunk = next();
                if (chunk == null) {
                    return;
                }
                boolean keepGoing;
                try {
                    keepGoing = copy(chunk, w);
                } finally {
                    parallelism.exit();
                }
                if (!keepGoing) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (w.session != null && w.session.state() == SnapshotSession.State.IN_SNAPSHOT) {
                snapshot.returnSpare(
                        w.session); // a finished worker's session serves as a spare for the others
            }
            if (w.out != null) {
                w.out.close();
            }
        }
    }

    /**
     * Copies one chunk with its retries; false when this worker lost its session and no spare was
     * left (the chunk went back to the queue for the others).
     */
    private boolean copy(Chunk chunk, Worker w) throws Exception {
        String db = chunk.table().database();
        String table = chunk.table().name();
        if (tracker.isFailed(db, table)) {
            pending.decrementAndGet();
            return true;
        }
        if (w.session.state() != SnapshotSession.State.IN_SNAPSHOT
                && !takeSpare(
                        chunk,
                        w,
                        "its session "
                                + w.session.index()
                                + " was lost before this chunk (outside the copy, or by another step)")) {
            return false;
        }
        tracker.started(db, table);
        int targetAttempts = 0;
        int sourceAttempts = 0;
        while (true) {
            try {
                if (w.out == null) {
                    w.out = openTarget();
                }
                SnapshotSession reader = w.session;
                copier.copy(
                        chunk,
                        resumeAfter.get(chunk),
                        w.session.connection(),
                        w.out,
                        new ChunkCopier.Progress() {
                            @Override
                            public void committed(long rows, byte[][] lastKey) {
                                if (limiter != null && rows > w.streamed) {
                                    limiter.acquire(rows - w.streamed);
                                }
                                tracker.streaming(db, table, -w.streamed);
                                w.streamed = 0;
                                tracker.committed(db, table, rows, false);
                                chunkRows
                                        .computeIfAbsent(
                                                chunk,
                                                k -> new java.util.concurrent.atomic.AtomicLong())
                                        .addAndGet(rows);
                                CHUNKS.debug(
                                        "{}: {} rows committed, read on session {} ({})",
                                        chunk,
                                        rows,
                                        reader.index(),
                                        reader.identity());
                                if (lastKey != null) {
                                    resumeAfter.put(chunk, lastKey);
                                }
                            }

                            @Override
                            public void streamed(long rows) {
                                if (limiter != null) {
                                    limiter.acquire(rows);
                                }
                                w.streamed += rows;
                                tracker.streaming(db, table, rows);
                            }
                        });
                java.util.concurrent.atomic.AtomicLong done = chunkRows.remove(chunk);
                onChunkCommitted.accept(chunk, done == null ? 0 : done.get());
                tracker.committed(db, table, 0, true);
                pending.decrementAndGet();
                if (chunksLeft.get(chunk.table().qualifiedName()).decrementAndGet() == 0
                        && !tracker.isFailed(db, table)) {
                    onTableCopied.accept(chunk.table());
                }
                hooks.reached(Checkpoint.CHUNK_COMMITTED, w.session.index());
                return true;
            } catch (CopyFailure f) {
                discardStreamed(w, db, table); // the attempt's transaction rolled back
                boolean alive = f.side() == CopyFailure.Side.TARGET || w.session.isAlive();
                if (f.side() == CopyFailure.Side.SOURCE) {
                    sourceAttempts++;
                } else {
                    targetAttempts++;
                }
                switch (ChunkFailures.decide(
                        f.side(), f.kind(), alive, sourceAttempts, targetAttempts)) {
                    case SWAP_TO_SPARE -> {
                        w.session.markLost();
                        lastLoss = f.getMessage();
                        if (!takeSpare(chunk, w, f.getMessage())) {
                            return false;
                        }
                        tracker.retrying(db, table, f.getMessage());
                        continue;
                    }
                    case RETRY_SAME_SESSION -> {
                        // e.g. KILL QUERY: the statement died, the session and its snapshot did not
                        LOG.warn(
                                "{}: source error ({}); retrying on the same snapshot session",
                                chunk,
                                f.getMessage());
                        tracker.retrying(db, table, f.getMessage());
                        continue;
                    }
                    case REOPEN_TARGET -> {
                        LOG.warn(
                                "{}: target error ({}); retrying on a fresh target connection",
                                chunk,
                                f.getMessage());
                        tracker.retrying(db, table, f.getMessage());
                        if (w.out != null) {
                            w.out.close();
                        }
                        w.out = null;
                        Thread.sleep(RetryPolicy.TARGET_WRITE.backoff(targetAttempts).toMillis());
                        continue;
                    }
                    case FAIL_TABLE -> {}
                    default -> throw new IllegalStateException();
                }
                LOG.error("{} failed: {}", chunk, f.getMessage());
                tracker.failed(db, table, f.getMessage());
                pending.decrementAndGet();
                return true;
            } catch (RuntimeException e) {
                discardStreamed(w, db, table);
                LOG.error("{} failed", chunk, e);
                tracker.failed(db, table, e.getMessage() == null ? e.toString() : e.getMessage());
                pending.decrementAndGet();
                return true;
            } catch (OutOfMemoryError e) {
                discardStreamed(w, db, table);
                // the chunk's memory is garbage now; fail its table clearly instead of losing the
                // worker
                String m =
                        "out of memory copying this table with a heap of "
                                + (Runtime.getRuntime().maxMemory() >> 20)
                                + " MB: its rows need more (set SNAPSHIFT_JAVA_OPTS=-Xmx..., or fewer --threads)";
                LOG.error("{}: {}", chunk, m);
                tracker.failed(db, table, m);
                pending.decrementAndGet();
                return true;
            }
        }
    }

    /**
     * The worker's session is gone: it continues on a spare of the same point in time. Without a
     * spare, the chunk goes back to the queue for the workers whose sessions live, and this worker
     * stops (false).
     */
    private boolean takeSpare(Chunk chunk, Worker w, String why) {
        SnapshotSession spare = aborting ? null : snapshot.takeSpare();
        if (!aborting) {
            LOG.warn(
                    "{}: source session {} lost ({}); {}",
                    chunk,
                    w.session.index(),
                    why,
                    spare == null
                            ? "no spare session left"
                            : "continuing on spare session " + spare.index());
        }
        if (spare == null) {
            lastLoss = why;
            queue.addFirst(chunk);
            w.session = null;
            liveWorkers.decrementAndGet();
            return false;
        }
        w.session = spare;
        return true;
    }

    private void discardStreamed(Worker w, String db, String table) {
        tracker.streaming(db, table, -w.streamed);
        w.streamed = 0;
    }

    private TargetLink openTarget() throws CopyFailure {
        try {
            return TargetLink.open(
                            target, copier.loadData(), skipTargetBinlog, copier.bytesCounter())
                    .onNote((table, note) -> tracker.noted(table.database(), table.name(), note));
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        } catch (dev.snapshift.api.SnapshiftException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw new CopyFailure(
                        CopyFailure.Side.TARGET,
                        cause); // retried like any target error of its kind
            }
            throw e;
        }
    }
}
