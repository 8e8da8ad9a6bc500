package dev.snapshift.internal.snapshot;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState.LockTiming;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.preflight.Grants;
import dev.snapshift.internal.preflight.ModeChoice;
import dev.snapshift.internal.retry.Retrier;
import dev.snapshift.internal.retry.RetryPolicy;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the point in time. The snapshot invariant, in order:
 *
 * <ol>
 *   <li>open every session (workers and spares), each at REPEATABLE READ, before any lock;
 *   <li>refuse (or kill) long-running queries, then lock with a bounded wait, on a separate
 *       coordinator connection: {@code FLUSH TABLES WITH READ LOCK} (snapshot, read-only) or {@code
 *       LOCK TABLES ... READ} (lock-tables);
 *   <li>read the binlog coordinates under the lock;
 *   <li>{@code START TRANSACTION WITH CONSISTENT SNAPSHOT} on every session under the lock;
 *   <li>unlock: writers were blocked only for steps 3-4 (plus any non-transactional copy), and that
 *       is measured.
 * </ol>
 *
 * Lockless mode replaces 2-5 by a proof: every session reports the binlog position of its own
 * snapshot (MariaDB, Percona Server), and they must all agree. The integration tests check the
 * order through {@link Checkpoint} hooks.
 */
public final class SnapshotCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCoordinator.class);
    static final int LOCKLESS_ATTEMPTS = 200;

    /**
     * Runs after every snapshot started and before the lock is released (copies non-transactional
     * tables).
     */
    @FunctionalInterface
    public interface UnderLock {
        UnderLock NONE = s -> {};

        void run(Snapshot snapshot) throws InterruptedException;
    }

    /** Bounds of the lock phase. */
    public record LockOptions(
            Duration lockWaitTimeout,
            Duration longQueryGuard,
            boolean killLongQueries,
            java.util.function.Predicate<TableInfo> readDuringLock) {}

    private final Connections source;
    private final ServerInfo server;
    private final MigrationHooks hooks;
    private final Clock clock;
    private final SourceChangeLog changeLog;

    public SnapshotCoordinator(
            Connections source, ServerInfo server, MigrationHooks hooks, Clock clock) {
        this(source, server, hooks, clock, SourceChangeLog.NONE);
    }

    /**
     * @param changeLog records settings changed on the source (read-only mode) before they are
     *     changed
     */
    public SnapshotCoordinator(
            Connections source,
            ServerInfo server,
            MigrationHooks hooks,
            Clock clock,
            SourceChangeLog changeLog) {
        this.source = source;
        this.server = server;
        this.hooks = hooks;
        this.clock = clock;
        this.changeLog = changeLog;
    }

    /**
     * The source connections {@link #take} opens before any lock, by purpose ({@link
     * Connections#openAhead}): every session, the coordinator, the lock's watchdog where the mode
     * may take a lock, and the backup lock's where the mode may take it.
     */
    public static List<String> connectionsOfTake(
            ConsistencyMode mode, int sessionCount, ServerInfo server) {
        List<String> purposes = new ArrayList<>();
        int sessions = mode == ConsistencyMode.LOCKLESS ? 1 : sessionCount;
        for (int i = 0; i < sessions; i++) {
            purposes.add(SESSION_PURPOSE + i);
        }
        purposes.add(COORDINATOR_PURPOSE);
        if (mode != ConsistencyMode.NONE && mode != ConsistencyMode.LOCKLESS) {
            // the lock's watchdog (Locks.KillSwitch), needed just before the lock statement
            purposes.add(Locks.KillSwitch.WATCHDOG_PURPOSE);
        }
        if (BackupLock.exists(server)
                && mode != ConsistencyMode.READ_ONLY
                && mode != ConsistencyMode.NONE
                && mode != ConsistencyMode.LOCKLESS) {
            purposes.add(BackupLock.PURPOSE);
        }
        return purposes;
    }

    private static final String SESSION_PURPOSE = "session-";
    private static final String COORDINATOR_PURPOSE = "coordinator";

    public Snapshot take(
            ConsistencyMode mode,
            int workers,
            int sessionCount,
            List<TableInfo> tables,
            LockOptions options,
            UnderLock underLock)
            throws InterruptedException {
        if (mode == ConsistencyMode.LOCKLESS) {
            sessionCount = 1; // see below: lockless holds its point in time on one session
        }
        List<SnapshotSession> sessions = new ArrayList<>(sessionCount);
        Connection[] coordinator = {null};
        Snapshot snapshot = null;
        try {
            sessions.addAll(openAll(sessionCount));
            for (SnapshotSession s : sessions) {
                checkpoint(Checkpoint.SESSION_OPENED, s.index());
            }
            checkpoint(Checkpoint.SESSIONS_OPENED, -1);
            replaceLost(sessions);
            coordinator[0] = source.open(COORDINATOR_PURPOSE);
            ConsistencyMode effective = mode;
            if (mode == ConsistencyMode.AUTO) {
                // the same choice the preflight announces; lockless is none when something must be
                // copied under a lock
                effective =
                        onCoordinator(
                                coordinator,
                                c ->
                                        ModeChoice.effective(
                                                mode,
                                                ModeChoice.mayFlush(Grants.read(c, server), server),
                                                lockless(c),
                                                "1"
                                                        .equals(
                                                                Jdbc.scalar(
                                                                        c,
                                                                        "SELECT @@global.log_bin")),
                                                underLock != UnderLock.NONE));
                LOG.info("consistency auto: using {}", effective.cliName());
            }
            if (effective == ConsistencyMode.LOCKLESS && sessions.size() > 1) {
                // Equal binlog_snapshot_position values do not prove that several sessions see one
                // instant: under a
                // write load, sessions reporting the same position were seen (MariaDB 11.4) to
                // differ by a transaction
                // (ConsistencyIT, lockless case, with the chunk log). One session's own position is
                // what
                // MariaDB documents (mariadb-dump --single-transaction relies on it), so lockless
                // holds one session.
                LOG.warn(
                        "lockless: the copy runs on one snapshot session; several sessions cannot be proven to share"
                                + " one instant without a lock (use --consistency snapshot or lock-tables for a parallel copy)");
                Snapshot.closeAll(sessions.subList(1, sessions.size()), null);
                sessions.subList(1, sessions.size()).clear();
            }
            snapshot = new Snapshot(sessions, Math.min(workers, sessions.size()), effective);
            switch (effective) {
                case SNAPSHOT, LOCK_TABLES, READ_ONLY ->
                        underLock(effective, snapshot, coordinator, tables, options, underLock);
                case LOCKLESS -> lockless(snapshot, sessions, coordinator[0]);
                case NONE -> {
                    for (SnapshotSession s : sessions) {
                        startOrDrop(s);
                    }
                    requireStarted(snapshot);
                }
                default -> throw new IllegalStateException("mode " + effective);
            }
            LOG.info(
                    "point in time held by {} on {} sessions at {}; lock {}",
                    effective.cliName(),
                    sessionCount,
                    snapshot.coordinates() == null ? "(no coordinates)" : snapshot.coordinates(),
                    snapshot.lockTiming() == null
                            ? "none"
                            : "wait "
                                    + snapshot.lockTiming().waitMillis()
                                    + " ms, held "
                                    + snapshot.lockTiming().heldMillis()
                                    + " ms");
            return snapshot;
        } catch (SQLException e) {
            SnapshiftException failure =
                    new SnapshiftException(
                            ErrorCode.SNAPSHOT,
                            "could not start the snapshot sessions"
                                    + " on the source: "
                                    + MySqlErrors.describe(e),
                            e);
            release(snapshot, sessions, failure);
            throw failure;
        } catch (RuntimeException | InterruptedException e) {
            release(snapshot, sessions, e);
            throw e;
        } finally {
            Jdbc.closeQuietly(coordinator[0], null);
        }
    }

    /**
     * Opens and prepares {@code count} sessions, up to {@link #OPEN_PARALLELISM} at a time (each
     * open is a TCP and often a TLS handshake, an authentication and a few statements: one after
     * the other they dominated the start of a run); returned in index order, so that a session is
     * known by its index whatever order the connections completed in. No lock is held meanwhile. On
     * a failure every session already opened is closed.
     */
    private List<SnapshotSession> openAll(int count) throws SQLException, InterruptedException {
        if (count <= 1) {
            return count == 1 ? List.of(openSession(0)) : List.of();
        }
        ExecutorService pool = Threads.fixed("session-opener", Math.min(count, OPEN_PARALLELISM));
        List<Future<SnapshotSession>> futures = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> openSession(index)));
            }
            List<SnapshotSession> out = new ArrayList<>(count);
            Throwable failure = null;
            for (Future<SnapshotSession> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
            if (failure != null) {
                Snapshot.closeAll(out, null);
                rethrow(failure, "opening the source sessions");
            }
            return out;
        } catch (InterruptedException e) {
            // stop the openers, wait for them, and close whatever they opened: no stray sessions
            pool.shutdownNow();
            boolean ended = false;
            try {
                ended = pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
            if (!ended) {
                LOG.warn("source session openers did not stop within 30 s after an interrupt");
            }
            for (Future<SnapshotSession> f : futures) {
                if (f.isDone()) {
                    try {
                        f.get(0, TimeUnit.SECONDS).close();
                    } catch (ExecutionException
                            | java.util.concurrent.TimeoutException
                            | InterruptedException
                            | RuntimeException ignored) {
                        // not opened
                    }
                }
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sessions opened at the same time at most. */
    static final int OPEN_PARALLELISM = 8;

    /**
     * Opens and prepares session {@code index}; a connection lost meanwhile is replaced by a new
     * one.
     */
    private SnapshotSession openSession(int index) throws SQLException, InterruptedException {
        return Retrier.run(
                "opening source session " + index,
                RetryPolicy.SESSION,
                SQLException.class,
                SnapshotCoordinator::lost,
                Retrier.BeforeRetry.none(),
                attempt -> {
                    SnapshotSession s =
                            new SnapshotSession(index, source.open(SESSION_PURPOSE + index));
                    try {
                        s.prepare(server);
                        return s;
                    } catch (SQLException | RuntimeException e) {
                        s.close();
                        throw e;
                    }
                });
    }

    private static boolean lost(SQLException e) {
        return MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST;
    }

    /**
     * Before any lock: a session lost while the others opened (killed, network) is replaced now, so
     * the point in time starts with every session it should have.
     */
    private void replaceLost(List<SnapshotSession> sessions)
            throws SQLException, InterruptedException {
        // every session asked at once: one after the other, a round trip each
        boolean[] answered = new boolean[sessions.size()];
        ExecutorService pool =
                Threads.fixed(
                        "session-check", Math.max(1, Math.min(sessions.size(), OPEN_PARALLELISM)));
        try {
            List<Future<Boolean>> asked = new ArrayList<>(sessions.size());
            for (SnapshotSession s : sessions) {
                asked.add(pool.submit(s::answers));
            }
            for (int i = 0; i < asked.size(); i++) {
                try {
                    answered[i] = asked.get(i).get();
                } catch (ExecutionException e) {
                    answered[i] = false;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < sessions.size(); i++) {
            SnapshotSession s = sessions.get(i);
            if (!answered[i]) {
                LOG.warn("source session {} was lost before the snapshot; replacing it", s.index());
                s.close();
                sessions.set(i, openSession(s.index()));
            }
        }
    }

    /**
     * A step on the coordinator connection before the lock: a coordinator lost meanwhile is
     * replaced, a few times.
     */
    @FunctionalInterface
    private interface CoordinatorStep<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T onCoordinator(Connection[] coordinator, CoordinatorStep<T> step)
            throws SQLException, InterruptedException {
        return Retrier.run(
                "a step on the source coordinator connection",
                RetryPolicy.SESSION,
                SQLException.class,
                SnapshotCoordinator::lost,
                (failure, attempt) -> {
                    Jdbc.closeQuietly(coordinator[0], null);
                    coordinator[0] = source.open(COORDINATOR_PURPOSE);
                },
                attempt -> step.run(coordinator[0]));
    }

    /**
     * Under the lock: starts the session's snapshot, or marks it lost when its connection died (the
     * spares cover it). Any other failure stands.
     */
    private void startOrDrop(SnapshotSession s) throws SQLException {
        try {
            s.startSnapshot();
        } catch (SQLException e) {
            if (MySqlErrors.classify(e) != MySqlErrors.Kind.CONNECTION_LOST) {
                throw e;
            }
            s.markLost();
            LOG.warn(
                    "source session {} was lost as its snapshot started ({}); the spares cover for it",
                    s.index(),
                    MySqlErrors.describe(e));
            return;
        }
        checkpoint(Checkpoint.SNAPSHOT_STARTED, s.index());
    }

    /**
     * Threads that start the sessions' snapshots at once under the lock: one after the other, the
     * lock was held for a round trip per session (12 round trips of a remote source, while every
     * writer waits); at once, for about one. Made before the statements are sent, ended with the
     * lock's step.
     */
    private static final class Starters implements AutoCloseable {
        private final java.util.concurrent.ThreadPoolExecutor pool;

        Starters(int sessions) {
            pool =
                    (java.util.concurrent.ThreadPoolExecutor)
                            Threads.fixed("snapshot-starter", Math.max(1, sessions));
            pool.prestartAllCoreThreads();
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /**
     * Under the lock: starts every session's snapshot at once ({@link #startOrDrop} each) and waits
     * for all of them; the first failure that is not a lost session is thrown once all have ended.
     */
    private void startAll(Snapshot snapshot, Starters starters)
            throws SQLException, InterruptedException {
        List<Future<?>> started = new ArrayList<>(snapshot.sessionCount());
        for (int i = 0; i < snapshot.sessionCount(); i++) {
            SnapshotSession s = snapshot.workerSessionOrSpare(i);
            started.add(
                    starters.pool.submit(
                            () -> {
                                startOrDrop(s);
                                return null;
                            }));
        }
        Throwable failure = null;
        for (Future<?> f : started) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            rethrow(failure, "starting the snapshots");
        }
    }

    /**
     * Throws a task's failure as what it is (an SQL error, an interrupt, a runtime exception);
     * anything else as an internal error saying {@code what} failed.
     */
    private static void rethrow(Throwable failure, String what)
            throws SQLException, InterruptedException {
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        if (failure instanceof InterruptedException ie) {
            throw ie;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        throw new SnapshiftException(ErrorCode.INTERNAL, what + " failed: " + failure, failure);
    }

    private static void requireStarted(Snapshot snapshot) {
        for (int i = 0; i < snapshot.sessionCount(); i++) {
            if (snapshot.workerSessionOrSpare(i).state() == SnapshotSession.State.IN_SNAPSHOT) {
                return;
            }
        }
        throw new PointInTimeLost(
                "point-in-time sync lost: every source session was lost as the snapshots started");
    }

    private static void release(Snapshot snapshot, List<SnapshotSession> sessions, Throwable into) {
        if (snapshot != null) {
            Jdbc.closeQuietly(snapshot, into);
        } else {
            Snapshot.closeAll(sessions, into);
        }
    }

    private void underLock(
            ConsistencyMode mode,
            Snapshot snapshot,
            Connection[] coordinator,
            List<TableInfo> tables,
            LockOptions options,
            UnderLock underLock)
            throws SQLException, InterruptedException {
        onCoordinator(
                coordinator,
                c -> {
                    LongQueryGuard.enforce(c, options.longQueryGuard(), options.killLongQueries());
                    // warm up the coordinate read (driver classes, result metadata) so the first
                    // run holds the lock no longer
                    return BinlogReader.read(c, server);
                });
        if (mode != ConsistencyMode.READ_ONLY) {
            BackupLock backup = BackupLock.tryAcquire(source, server, options.lockWaitTimeout());
            if (backup != null) {
                snapshot.hold(backup);
            }
        }
        ReadOnlySwitch readOnly = null;
        if (mode == ConsistencyMode.READ_ONLY) {
            // recorded durably before the lock: a run killed at any point after this leaves a
            // record of the switch
            readOnly =
                    onCoordinator(
                            coordinator, c -> ReadOnlySwitch.prepare(c, source, changeLog, clock));
            snapshot.hold(readOnly);
        }
        try (Starters starters = new Starters(snapshot.sessionCount())) {
            // a coordinator killed while it waited is replaced for the next attempt; nothing it
            // held survives its death
            Connection[] lockConnection = {coordinator[0]};
            SourceLock lock =
                    Retrier.run(
                            mode == ConsistencyMode.LOCK_TABLES
                                    ? "LOCK TABLES"
                                    : "FLUSH TABLES WITH READ LOCK",
                            RetryPolicy.LOCK,
                            SnapshiftException.class,
                            e -> e.code() == ErrorCode.SNAPSHOT,
                            Retrier.BeforeRetry.none(),
                            attempt -> {
                                Connection c = live(lockConnection);
                                java.util.function.Supplier<Connection> watchdog =
                                        Locks.KillSwitch.watchdog(source);
                                return mode == ConsistencyMode.LOCK_TABLES
                                        ? TableReadLock.acquire(
                                                c,
                                                watchdog,
                                                tables,
                                                true,
                                                options.readDuringLock(),
                                                options.lockWaitTimeout(),
                                                clock)
                                        : GlobalReadLock.acquire(
                                                c, watchdog, options.lockWaitTimeout(), clock);
                            });
            Connection locked = lockConnection[0];
            if (locked != coordinator[0]) {
                snapshot.hold(locked);
            }
            Throwable failure = null;
            try {
                checkpoint(Checkpoint.LOCK_ACQUIRED, -1);
                if (readOnly != null) {
                    readOnly.enable(locked);
                }
                snapshot.coordinates(readCoordinates(locked));
                checkpoint(Checkpoint.COORDINATES_READ, -1);
                startAll(snapshot, starters);
                requireStarted(snapshot);
                requireLockHeld(locked, "the snapshots started");
                if (mode != ConsistencyMode.READ_ONLY && underLock != UnderLock.NONE) {
                    underLock.run(snapshot);
                    requireLockHeld(locked, "the non-transactional tables were copied");
                }
                checkpoint(Checkpoint.BEFORE_UNLOCK, -1);
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                release(lock, failure);
            }
            checkpoint(Checkpoint.UNLOCKED, -1);
            snapshot.lockTiming(new LockTiming(lock.waitMillis(), lock.heldMillis()));
        }
        if (server.mariaDb()) {
            // evidence for the chunk log: every session's snapshot sits at the same binlog position
            for (int i = 0; i < snapshot.sessionCount(); i++) {
                SnapshotSession s = snapshot.workerSessionOrSpare(i);
                if (s.state() == SnapshotSession.State.IN_SNAPSHOT) {
                    s.noteSnapshotPosition(s.binlogSnapshotPosition());
                }
            }
        }
    }

    /**
     * The coordinates under the lock; a lock connection that died before they were read means no
     * lock is held.
     */
    private BinlogCoordinates readCoordinates(Connection locked) {
        try {
            return BinlogReader.read(locked, server);
        } catch (SnapshiftException e) {
            if (e.getCause() instanceof SQLException se
                    && MySqlErrors.classify(se) == MySqlErrors.Kind.CONNECTION_LOST) {
                throw lockLost("the coordinates were read", se);
            }
            throw e;
        }
    }

    /**
     * The proof that writers were blocked the whole time: the connection that holds the lock still
     * answers after {@code step}. A lock dies with its connection (killed, network), and nothing
     * tells the other sessions: without this check, snapshots started after that moment would
     * silently see later data than those started before.
     */
    private static void requireLockHeld(Connection locked, String step) {
        try {
            Jdbc.scalar(locked, "SELECT 1");
        } catch (SQLException e) {
            throw lockLost(step, e);
        }
    }

    private static PointInTimeLost lockLost(String step, SQLException e) {
        return new PointInTimeLost(
                "point-in-time sync lost: the source connection holding the lock was lost before "
                        + step
                        + " ("
                        + MySqlErrors.describe(e)
                        + "), so writes may have slipped in between the snapshots");
    }

    /**
     * Unlocks. A lock connection that died released the lock by dying: worth a warning, not a
     * failure (whether the point in time holds was decided by {@link #requireLockHeld} already). A
     * failure to unlock never hides the failure that ended the lock phase.
     */
    private static void release(SourceLock lock, Throwable failure) {
        try {
            lock.close();
        } catch (SnapshiftException e) {
            if (e.getCause() instanceof SQLException se
                    && MySqlErrors.classify(se) == MySqlErrors.Kind.CONNECTION_LOST) {
                LOG.warn("{}; the lock went with its connection", e.getMessage());
            } else if (failure != null) {
                failure.addSuppressed(e);
            } else {
                throw e;
            }
        }
    }

    /** The connection in the holder, replaced by a new one when it died. */
    private Connection live(Connection[] holder) {
        try {
            if (holder[0].isValid(2)) {
                return holder[0];
            }
        } catch (SQLException ignored) {
            // replaced below
        }
        LOG.warn(
                "the coordinator connection was lost; opening a new one for the next lock attempt");
        Jdbc.closeQuietly(holder[0], null);
        holder[0] = source.open(COORDINATOR_PURPOSE);
        return holder[0];
    }

    /**
     * Lockless: start snapshots until every session reports the same binlog position for its
     * snapshot.
     */
    private void lockless(Snapshot snapshot, List<SnapshotSession> sessions, Connection coordinator)
            throws SQLException, InterruptedException {
        if (!lockless(coordinator)) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "--consistency lockless needs a server that reports each"
                            + " snapshot's binlog position (MariaDB, Percona Server); "
                            + server.product()
                            + " does not, and comparing"
                            + " positions before and after is no proof: a transaction is written to the binlog before it becomes"
                            + " visible. Use --consistency snapshot (needs RELOAD) or lock-tables");
        }
        java.util.concurrent.ExecutorService pool =
                Threads.fixed("snapshift-lockless", sessions.size());
        try {
            for (int attempt = 1; attempt <= LOCKLESS_ATTEMPTS; attempt++) {
                List<String[]> positions = startTogether(sessions, pool);
                String[] agreed = positions.get(0);
                boolean same =
                        positions.stream()
                                .allMatch(p -> p[0].equals(agreed[0]) && p[1].equals(agreed[1]));
                if (same) {
                    String gtid =
                            server.mariaDb()
                                    ? Jdbc.scalar(
                                            coordinator,
                                            "SELECT BINLOG_GTID_POS(?, ?)",
                                            agreed[0],
                                            Long.parseLong(agreed[1]))
                                    : "";
                    snapshot.coordinates(
                            new BinlogCoordinates(
                                    agreed[0],
                                    Long.parseLong(agreed[1]),
                                    gtid == null ? "" : gtid));
                    checkpoint(Checkpoint.COORDINATES_READ, -1);
                    LOG.info(
                            "lockless: {} sessions agree on {}:{} after {} attempt(s)",
                            sessions.size(),
                            agreed[0],
                            agreed[1],
                            attempt);
                    return;
                }
                for (SnapshotSession s : sessions) {
                    s.abandonSnapshot();
                }
                Thread.sleep(Math.min(100, 2L * attempt));
            }
        } finally {
            pool.shutdownNow();
        }
        throw new SnapshiftException(
                ErrorCode.SNAPSHOT,
                "lockless: the snapshot sessions kept seeing different binlog positions"
                        + " under the write load ("
                        + LOCKLESS_ATTEMPTS
                        + " attempts); use --consistency snapshot or lock-tables,"
                        + " or fewer --threads");
    }

    /**
     * Starts the snapshot on every session at the same moment (one thread each, released together),
     * so that no commit is likely to fall between them; returns each session's snapshot position.
     */
    private List<String[]> startTogether(
            List<SnapshotSession> sessions, java.util.concurrent.ExecutorService pool)
            throws SQLException, InterruptedException {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String[]>> futures = new ArrayList<>();
        for (SnapshotSession s : sessions) {
            futures.add(
                    pool.submit(
                            () -> {
                                go.await();
                                s.startSnapshot();
                                String[] pos = s.binlogSnapshotPosition();
                                s.noteSnapshotPosition(pos);
                                if (pos == null) {
                                    throw new SnapshiftException(
                                            ErrorCode.SNAPSHOT,
                                            "the source reported no binlog_snapshot_position: is log_bin on?");
                                }
                                return pos;
                            }));
        }
        go.countDown();
        List<String[]> out = new ArrayList<>();
        for (java.util.concurrent.Future<String[]> f : futures) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof SQLException se) {
                    throw se;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        for (SnapshotSession s : sessions) {
            checkpoint(Checkpoint.SNAPSHOT_STARTED, s.index());
        }
        return out;
    }

    /**
     * Whether each session's snapshot position can be read (MariaDB; Percona Server has the same
     * status variables).
     */
    private boolean lockless(Connection c) throws SQLException {
        return server.mariaDb()
                || !Jdbc.query(
                                c,
                                "SHOW GLOBAL STATUS LIKE 'binlog_snapshot_file'",
                                rs -> rs.getString(1))
                        .isEmpty();
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
