package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded, measured execution shared by the lock classes.
 *
 * <p>A lock statement that waits blocks every writer queued behind it, so it waits in short tries
 * (see {@link #take}), and each try is bounded three times: by the server's {@code
 * lock_wait_timeout} (whole seconds: the timeout rounded up), by a {@link Watchdog} that cancels
 * the statement at the exact deadline (through a {@link KillSwitch}) (so a try of 500 ms holds
 * writers about 500 ms, not a second), and by a query timeout two seconds later should neither
 * work.
 */
final class Locks {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Locks.class);

    private Locks() {}

    /** Failure handling of one kind of lock statement. */
    @FunctionalInterface
    interface Classifier {
        SnapshiftException classify(SQLException e);
    }

    /**
     * Runs the statements in order, again and again in ever longer tries until the last one (which
     * takes the lock) gets through or {@code timeout} is spent; its wait is measured.
     *
     * <p>Why tries: a lock statement waiting for a table that is in use can be part of a cycle the
     * server does not see. A writer whose statement waits for a row lock keeps its table in use;
     * the flush (or the lock) waits for that writer; the writer holding the row lock waits for the
     * flush (or the lock) before its next statement. Only a timeout ends it, so under a write load
     * that contends on rows one long wait fails whatever its length (seen: every 3 s {@code FLUSH
     * TABLES} of 60 failed under such a load), while a short try that fails lets the writers
     * through and the next one may find no such writer. The first try lasts {@link #FIRST_TRY} (or
     * the whole timeout, when shorter), each next one twice as long, each ending by the budget's
     * end; between tries the writers get a short, jittered pause, ended early once no transaction
     * of the server waits for a row lock. Each try is bounded as the class comment says, so a
     * writer never waits behind one longer than the timeout.
     *
     * @param watchdog the second connection of the {@link KillSwitch}, to the same server: the
     *     run's source connection for {@link KillSwitch#WATCHDOG_PURPOSE}, opened ahead so that its
     *     TLS handshake is not waited for just before the lock
     */
    static SourceLock take(
            Connection c,
            java.util.function.Supplier<Connection> watchdog,
            Duration timeout,
            Clock clock,
            Classifier classifier,
            String... statements) {
        long budget = Math.max(1, timeout.toMillis());
        try {
            allowWait(c, serverSeconds(timeout));
            long serverSeconds = -1;
            List<Long> tries = new ArrayList<>();
            int endedEarly = 0;
            long held = 0; // how long the tries' statements waited, holding writers up
            SQLException last = null;
            long length = Math.min(budget, FIRST_TRY.toMillis());
            try (KillSwitch kill = KillSwitch.open(c, watchdog)) {
                // the budget is the time writers may be held up: from the first try on
                long begin = clock.millis();
                while (true) {
                    long left = budget - (clock.millis() - begin);
                    long thisTry = tries.isEmpty() ? length : Math.min(length, left);
                    if (!tries.isEmpty() && thisTry < MIN_STATEMENT.toMillis()) {
                        break;
                    }
                    tries.add(thisTry);
                    long seconds = serverSeconds(Duration.ofMillis(thisTry));
                    if (seconds != serverSeconds) {
                        Jdbc.execute(c, "SET SESSION lock_wait_timeout = " + seconds);
                        serverSeconds = seconds;
                    }
                    long tryStart = clock.millis();
                    long tryEnd = tryStart + thisTry;
                    try {
                        long start = clock.millis();
                        for (int i = 0; i < statements.length; i++) {
                            start = clock.millis();
                            long bound =
                                    i == 0
                                            ? thisTry
                                            : Math.max(MIN_STATEMENT.toMillis(), tryEnd - start);
                            execute(c, statements[i], Duration.ofMillis(bound), seconds, kill);
                        }
                        long now = clock.millis();
                        // writers waited behind every try, not only the last
                        long waited = held + now - start;
                        if (tries.size() > 1) {
                            LOG.info(
                                    "{} got through at try {} (tries of {} ms, {} ms of waiting in"
                                            + " all, writers with it)",
                                    firstWords(statements[statements.length - 1]),
                                    tries.size(),
                                    tries,
                                    waited);
                        }
                        return new SourceLock(c, clock, now, waited);
                    } catch (SQLException e) {
                        if (!waitEnded(e)) {
                            throw e;
                        }
                        last = e;
                    }
                    held += clock.millis() - tryStart;
                    if (last instanceof EndedEarly) {
                        endedEarly++; // it did not try its length: the next one may
                    } else {
                        length *= 2;
                    }
                    left = budget - (clock.millis() - begin);
                    if (left < MIN_STATEMENT.toMillis()) {
                        break;
                    }
                    awaitNoRowLockWaits(
                            c,
                            kill.rowLockWaits(),
                            Math.min(left - MIN_TRY.toMillis(), PAUSE.toMillis()));
                }
            }
            throw gaveUp(statements[statements.length - 1], timeout, tries, endedEarly, held, last);
        } catch (SQLException e) {
            throw classifier.classify(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT, "interrupted while taking the lock", e);
        } catch (RuntimeException e) {
            // Connector/J can fail with an unchecked exception when the connection dies under a
            // query timeout
            throw new SnapshiftException(ErrorCode.SNAPSHOT, "taking the lock failed: " + e, e);
        }
    }

    /** How long the first try of a lock statement may wait. */
    static final Duration FIRST_TRY = Duration.ofMillis(100);

    /** What the pause between tries leaves at least for the next try. */
    static final Duration MIN_TRY = Duration.ofMillis(100);

    /** The shortest try, and the least a statement of a try is allowed. */
    private static final Duration MIN_STATEMENT = Duration.ofMillis(50);

    /** The longest pause between tries. */
    private static final Duration PAUSE = Duration.ofMillis(100);

    /**
     * A try's wait that ended without the lock and without harm: cancelled at its deadline, ended
     * by the server's own lock_wait_timeout, or chosen as a deadlock victim (LOCK TABLES meeting
     * writers in the server's metadata locks).
     */
    static boolean waitEnded(SQLException e) {
        int code = e.getErrorCode();
        return code == MySqlErrors.LOCK_WAIT_TIMEOUT
                || code == MySqlErrors.QUERY_INTERRUPTED
                || code == MySqlErrors.DEADLOCK;
    }

    /** The failure after the last try: that try's, or one naming every try. */
    static SQLException gaveUp(
            String sql,
            Duration timeout,
            List<Long> tries,
            int endedEarly,
            long heldMillis,
            SQLException last) {
        if (tries.size() <= 1
                && last != null
                && last.getErrorCode() == MySqlErrors.LOCK_WAIT_TIMEOUT) {
            return last;
        }
        return new SQLTimeoutException(
                "Lock wait timeout exceeded: "
                        + firstWords(sql)
                        + " did not get through in "
                        + describe(timeout)
                        + " (--lock-wait-timeout): "
                        + tries.size()
                        + " tries of "
                        + tries.stream().map(ms -> describe(Duration.ofMillis(ms))).toList()
                        + ", each cancelled at its own deadline"
                        + (endedEarly == 0
                                ? ""
                                : " or, "
                                        + endedEarly
                                        + " of them, as soon as writers waiting for each other's"
                                        + " row locks held it up for good")
                        + "; the tries waited "
                        + heldMillis
                        + " ms in all, the writers with them",
                "HY000",
                MySqlErrors.LOCK_WAIT_TIMEOUT,
                last);
    }

    /**
     * The pause between tries: at least a few jittered milliseconds, so the writers released by the
     * failed try move on; then until no transaction of the server waits for a row lock (such a
     * waiter is what holds a flush up), or {@code maxMillis}. The question is asked as often as
     * {@code waits} gets fresh answers. Where the server will not tell (no PROCESS privilege), the
     * pause is jittered only.
     */
    private static void awaitNoRowLockWaits(Connection c, RowLockWaits waits, long maxMillis)
            throws SQLException, InterruptedException {
        java.util.concurrent.ThreadLocalRandom random =
                java.util.concurrent.ThreadLocalRandom.current();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxMillis));
        Thread.sleep(Math.min(Math.max(0, maxMillis), 10 + random.nextInt(40)));
        boolean canAsk = true;
        while (System.nanoTime() < end) {
            if (canAsk) {
                try {
                    Long waiting = waits.waiting(c);
                    if (waiting != null && waiting == 0) {
                        return;
                    }
                } catch (SQLException e) {
                    if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                        throw e;
                    }
                    canAsk = false;
                }
            }
            long pause = TimeUnit.MILLISECONDS.toNanos(5 + random.nextInt(10));
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, Math.max(pause, waits.nanosUntilFresh())));
        }
    }

    /**
     * One statement under the watchdog. When the watchdog fired, the wait counts as timed out
     * whatever the statement says: it was interrupted (error 1317 or the driver's "cancelled"), or
     * it got its lock at the very deadline, which is released again so the attempt leaves nothing
     * held.
     */
    private static void execute(
            Connection c, String sql, Duration timeout, long seconds, KillSwitch kill)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout((int) seconds + 2);
            Watchdog watchdog =
                    Watchdog.start(
                            () -> kill.cancel(st),
                            timeout,
                            sql.startsWith("FLUSH TABLES WITH READ LOCK")
                                    ? kill.globalLockCycle()
                                    : null);
            SQLException failure = null;
            try {
                st.execute(sql);
            } catch (SQLException e) {
                failure = e;
            } finally {
                watchdog.close(); // waits for a cancel in flight: it must not reach a later
                // statement
            }
            if (!watchdog.fired()) {
                if (failure != null) {
                    throw failure;
                }
                return;
            }
            SQLException timedOut =
                    watchdog.withCancelFailure(
                            watchdog.firedEarly()
                                    ? new EndedEarly(sql, failure)
                                    : timedOut(sql, timeout, failure));
            if (failure == null) {
                try {
                    Jdbc.execute(c, "UNLOCK TABLES");
                } catch (SQLException e) {
                    timedOut.addSuppressed(e);
                    Jdbc.closeQuietly(c, timedOut); // a closed connection holds no lock
                }
            }
            throw timedOut;
        }
    }

    /** A try cancelled before its deadline because it waited in vain (see {@link Stuck}). */
    static final class EndedEarly extends SQLTimeoutException {
        EndedEarly(String sql, SQLException cause) {
            super(
                    "Lock wait timeout exceeded: "
                            + firstWords(sql)
                            + " was cancelled early: writers waited for each other's row locks",
                    "HY000",
                    MySqlErrors.LOCK_WAIT_TIMEOUT,
                    cause);
        }
    }

    /**
     * What the classifiers recognise as a lock wait timeout (error 1205), naming the client-side
     * deadline.
     */
    static SQLException timedOut(String sql, Duration timeout, SQLException cause) {
        return new SQLTimeoutException(
                "Lock wait timeout exceeded: "
                        + firstWords(sql)
                        + " was cancelled at the "
                        + describe(timeout)
                        + " deadline (--lock-wait-timeout)",
                "HY000",
                MySqlErrors.LOCK_WAIT_TIMEOUT,
                cause);
    }

    private static String firstWords(String sql) {
        String[] words = sql.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, 4)));
    }

    /**
     * The server's {@code lock_wait_timeout} for a timeout: whole seconds, rounded up, at least 1.
     */
    static long serverSeconds(Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return Math.max(1, (ms + 999) / 1000);
    }

    /** A timeout as the user writes it: 500ms, 10s, 90s, 5m, 1h. */
    static String describe(Duration timeout) {
        long ms = timeout.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60 || s % 60 != 0) {
            return s + "s";
        }
        return s % 3600 == 0 ? s / 3600 + "h" : s / 60 + "m";
    }

    /**
     * A lock statement may wait up to its lock timeout: the network timeout must not cut it short.
     */
    static void allowWait(Connection c, long lockSeconds) throws SQLException {
        int needed = (int) Math.min(Integer.MAX_VALUE, (lockSeconds + 5) * 1000);
        int current = c.getNetworkTimeout();
        if (current != 0 && current < needed) {
            c.setNetworkTimeout(Runnable::run, needed);
        }
    }

    /** Whether a waiting lock statement waits in vain (asked by the watchdog while it waits). */
    @FunctionalInterface
    interface Stuck {
        boolean now() throws SQLException;
    }

    /** What the watchdog runs at the deadline. */
    @FunctionalInterface
    interface Cancel {
        void run() throws SQLException;
    }

    /**
     * Stops the statement running on the lock connection: {@code KILL QUERY <connection id>} on a
     * second connection to the same server, opened before the lock statement, so that at the
     * deadline the cancel is one round trip rather than a new connection (TCP, TLS, authentication:
     * easily half a second on a busy machine, all of it time the writers wait). Where no such
     * connection can be had, the driver's own {@link Statement#cancel()} (which opens one at that
     * moment) is used.
     */
    static final class KillSwitch implements AutoCloseable {
        /** Its connection's purpose ({@code snapshift_role} {@code source-lock-watchdog}). */
        static final String WATCHDOG_PURPOSE = "lock-watchdog";

        /**
         * The second connection as every lock takes it: {@code source}'s for {@link
         * #WATCHDOG_PURPOSE} (the one opened ahead when there is one).
         */
        static java.util.function.Supplier<Connection> watchdog(
                dev.snapshift.internal.jdbc.Connections source) {
            return () -> source.open(WATCHDOG_PURPOSE);
        }

        private final Connection killer;
        private final long connectionId;
        private final RowLockWaits waits;

        private KillSwitch(Connection killer, long connectionId, RowLockWaits waits) {
            this.killer = killer;
            this.connectionId = connectionId;
            this.waits = waits;
        }

        /**
         * How this server tells its row-lock waiters; one for the whole {@link Locks#take}, as the
         * pause and the watchdog share the server's cache of INNODB_TRX.
         */
        RowLockWaits rowLockWaits() {
            return waits;
        }

        /** The second connection, from {@code watchdog}. */
        static KillSwitch open(
                Connection locking, java.util.function.Supplier<Connection> watchdog) {
            try {
                long id = locking.unwrap(com.mysql.cj.MysqlConnection.class).getId();
                Connection killer = watchdog.get();
                return new KillSwitch(killer, id, RowLockWaits.on(killer));
            } catch (SQLException | RuntimeException e) {
                LOG.debug(
                        "no second connection for the lock watchdog ({}); it will use the driver's cancel",
                        e.toString());
                return new KillSwitch(null, -1, RowLockWaits.on(locking));
            }
        }

        /**
         * Whether the try of the global read lock waits in vain: a transaction waits for a row lock
         * whose holder's session waits for the global read lock (the cycle {@link Locks#take}
         * describes; see {@link RowLockWaits#globalReadLockCycle}). A waiter whose holder runs or
         * is idle is no cycle: its holder may commit and the try then gets through, so under a load
         * whose writers nearly always wait for each other's rows the tries are not all cut short.
         * Where the server cannot name the holders (MySQL 8.0 without the Performance Schema), any
         * row-lock wait while the lock connection waits for the global read lock counts (a try
         * ended then costs the writers nothing). Asked only when {@link RowLockWaits} has a fresh
         * answer (else: not stuck, as far as is known). Null when there is no second connection to
         * ask on.
         */
        Stuck globalLockCycle() {
            if (killer == null) {
                return null;
            }
            String sql =
                    "SELECT (SELECT STATE FROM information_schema.PROCESSLIST WHERE ID = "
                            + connectionId
                            + "), ("
                            + waits.countSql()
                            + ")";
            return () ->
                    Boolean.TRUE.equals(
                            waits.ifFresh(
                                    () -> {
                                        Boolean cycle = waits.globalReadLockCycle(killer);
                                        if (cycle != null) {
                                            return cycle;
                                        }
                                        try (Statement st = killer.createStatement();
                                                java.sql.ResultSet rs = st.executeQuery(sql)) {
                                            if (!rs.next()) {
                                                return false;
                                            }
                                            String state = rs.getString(1);
                                            return state != null
                                                    && (state.startsWith(
                                                                    "Waiting for global read lock")
                                                            || state.startsWith(
                                                                    "Waiting for backup lock"))
                                                    && rs.getLong(2) > 0;
                                        }
                                    }));
        }

        void cancel(Statement running) throws SQLException {
            if (killer == null) {
                running.cancel();
            } else {
                Jdbc.execute(killer, "KILL QUERY " + connectionId);
            }
        }

        @Override
        public void close() {
            Jdbc.closeQuietly(killer, null);
        }
    }

    /**
     * Runs a {@link Cancel} at a deadline unless closed first. One short-lived daemon thread per
     * statement; close waits for a cancel already under way, so that it never lands on a later
     * statement of the same connection.
     */
    static final class Watchdog implements AutoCloseable {
        private static final int ARMED = 0;
        private static final int DISARMED = 1;
        private static final int FIRED = 2;

        /**
         * How long closing waits for a cancel under way (a late one is harmless: see {@link
         * Locks#execute}).
         */
        private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

        private final AtomicInteger state = new AtomicInteger(ARMED);
        private final CountDownLatch disarmed = new CountDownLatch(1);
        private final Thread thread;
        private volatile SQLException cancelFailure;

        private Watchdog(Cancel cancel, Duration deadline, Stuck stuck) {
            thread =
                    Threads.named("snapshift-lock-watchdog")
                            .newThread(
                                    () -> {
                                        try {
                                            if (awaitDisarmed(deadline, stuck)) {
                                                return;
                                            }
                                        } catch (InterruptedException e) {
                                            return;
                                        }
                                        if (state.compareAndSet(ARMED, FIRED)) {
                                            try {
                                                cancel.run();
                                            } catch (SQLException e) {
                                                cancelFailure =
                                                        e; // the server-side lock_wait_timeout
                                                // still bounds the wait
                                            }
                                        }
                                    });
        }

        static Watchdog start(Cancel cancel, Duration deadline) {
            return start(cancel, deadline, null);
        }

        /**
         * Also fires early when {@code stuck} (asked every {@link #LOOK_EVERY} from {@link
         * #FIRST_LOOK} on; null: never) says the statement waits in vain.
         */
        static Watchdog start(Cancel cancel, Duration deadline, Stuck stuck) {
            Watchdog w = new Watchdog(cancel, deadline, stuck);
            w.thread.start();
            return w;
        }

        static final Duration FIRST_LOOK = Duration.ofMillis(15);
        static final Duration LOOK_EVERY = Duration.ofMillis(10);

        /** True when disarmed before the deadline and before {@code stuck} said so. */
        private boolean awaitDisarmed(Duration deadline, Stuck stuck) throws InterruptedException {
            long end = System.nanoTime() + deadline.toNanos();
            long next = System.nanoTime() + FIRST_LOOK.toNanos();
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    return false;
                }
                long wait = stuck == null ? end - now : Math.min(end, next) - now;
                if (disarmed.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (stuck != null && System.nanoTime() >= next && System.nanoTime() < end) {
                    try {
                        if (stuck.now()) {
                            early = true;
                            return false;
                        }
                    } catch (SQLException | RuntimeException e) {
                        stuck = null; // cannot tell: the deadline alone decides
                    }
                    next = System.nanoTime() + LOOK_EVERY.toNanos();
                }
            }
        }

        private volatile boolean early;

        /** Fired before the deadline, because the statement waited in vain. */
        boolean firedEarly() {
            return fired() && early;
        }

        /**
         * The deadline passed before {@link #close()}: the statement was (or is being) cancelled.
         */
        boolean fired() {
            return state.get() == FIRED;
        }

        /** {@code e}, with the failure of the cancel attached when there was one. */
        SQLException withCancelFailure(SQLException e) {
            if (cancelFailure != null) {
                e.addSuppressed(cancelFailure);
            }
            return e;
        }

        /**
         * Disarms, and waits (boundedly: the cancel is one connect and one statement) for a cancel
         * under way to finish. Idempotent.
         */
        @Override
        public void close() {
            state.compareAndSet(ARMED, DISARMED);
            disarmed.countDown();
            long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
            boolean interrupted = false;
            while (thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted =
                            true; // keep the interrupt for the caller, after the cancel is done
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
