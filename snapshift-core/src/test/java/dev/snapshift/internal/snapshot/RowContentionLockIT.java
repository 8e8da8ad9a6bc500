package dev.snapshift.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.it.TestServers;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The global read lock under a write load that contends on rows: transactions of several statements
 * on a handful of hot rows. A writer whose statement waits for a row lock keeps its table in use;
 * the flush (of {@code FLUSH TABLES} and of {@code FLUSH TABLES WITH READ LOCK}) waits for it; the
 * writer holding that row lock waits for the flush before its next statement. The server does not
 * see this cycle (the row lock is InnoDB's, the flush wait the server's), so one long wait lasts
 * its whole timeout, however short the writers' transactions. Seen in the wild as a run that could
 * not take its lock in 3 attempts of 10 s while a transfer load ran.
 *
 * <p>The lock must still be had, within the same bound on how long a writer waits behind it; and
 * where it cannot be, giving up must leave nothing behind (a cancelled {@code FLUSH TABLES} left
 * the tables marked for flushing, and the writers stalled until InnoDB's row lock timeout).
 */
class RowContentionLockIT {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final int ACQUISITIONS = 8;
    static final int WRITERS = 6;

    /**
     * How long a writer may wait for a row lock here: longer than any bound of this test, so a
     * writer stalled by a cycle would show as a load that stopped.
     */
    static final int WRITER_ROW_LOCK_WAIT_SECONDS = 120;

    /** How soon the load must commit again once a lock is released or given up. */
    static final Duration LOAD_GOES_ON = Duration.ofSeconds(30);

    /**
     * 6 writers on 30 hot rows: a writer waits for another's row lock often (the tries before this
     * fix failed 5 of 8 times here), yet not always.
     */
    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MYSQL_5_7_22", "MARIADB_11_4_5"})
    void theGlobalReadLockIsHadUnderRowContention(Flavor flavor) throws Exception {
        List<String> failures = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        long commits =
                underLoad(
                        flavor,
                        30,
                        (connections, db) -> {
                            try (Connection c = connections.open("coordinator");
                                    SourceLock lock =
                                            GlobalReadLock.acquire(
                                                    c,
                                                    Locks.KillSwitch.watchdog(connections),
                                                    TIMEOUT,
                                                    Clock.systemUTC())) {
                                waits.add(lock.waitMillis());
                            } catch (RuntimeException e) {
                                failures.add(e.getMessage());
                            }
                        },
                        ACQUISITIONS);
        System.out.printf(
                "%s: %d of %d acquisitions failed, waits %s ms, %d commits%n",
                flavor, failures.size(), ACQUISITIONS, waits, commits);
        assertThat(failures)
                .as("every acquisition under the row-contended load got the lock")
                .isEmpty();
    }

    /**
     * 6 writers on 6 hot rows: nearly always one waits for another's row lock, and the lock may not
     * be had at all. Giving up must leave the writers free: no session left waiting for a table
     * flush, the load committing again at once (not after InnoDB's row lock timeout).
     */
    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MYSQL_5_7_22", "MARIADB_11_4_5"})
    void aLockGivenUpLeavesTheWritersFree(Flavor flavor) throws Exception {
        List<String> leftWaiting = new ArrayList<>();
        long[] outcomes = new long[2];
        underLoad(
                flavor,
                6,
                (connections, db) -> {
                    try (Connection c = connections.open("coordinator")) {
                        try (SourceLock lock =
                                GlobalReadLock.acquire(
                                        c,
                                        Locks.KillSwitch.watchdog(connections),
                                        Duration.ofSeconds(1),
                                        Clock.systemUTC())) {
                            outcomes[0]++;
                        } catch (RuntimeException e) {
                            outcomes[1]++;
                        }
                        // nothing of snapshift runs now: any wait for a flush is one left behind
                        try (Statement st = c.createStatement();
                                java.sql.ResultSet rs =
                                        st.executeQuery(
                                                "SELECT ID, STATE, INFO FROM information_schema.PROCESSLIST"
                                                        + " WHERE STATE LIKE 'Waiting for table flush%'")) {
                            while (rs.next()) {
                                leftWaiting.add(rs.getString(1) + " " + rs.getString(3));
                            }
                        }
                    }
                },
                4);
        System.out.printf(
                "%s: %d acquisitions got the lock, %d gave up%n", flavor, outcomes[0], outcomes[1]);
        assertThat(leftWaiting).as("sessions left waiting for a table flush").isEmpty();
    }

    /**
     * Where the global read lock cannot be had (6 writers on 6 hot rows), LOCK TABLES ... WRITE
     * can: a writer in the middle of its transaction already holds its table's metadata lock, so it
     * is not stopped by the waiting LOCK TABLES and ends its transaction; the lock waits only for
     * the transactions in flight, with no cycle through the row locks. The error of the global read
     * lock points there.
     */
    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MYSQL_5_7_22", "MARIADB_11_4_5"})
    void lockTablesIsHadWhereTheGlobalReadLockIsNot(Flavor flavor) throws Exception {
        List<String> failures = new ArrayList<>();
        underLoad(
                flavor,
                6,
                (connections, db) -> {
                    try (Connection c = connections.open("coordinator")) {
                        List<TableInfo> tables = List.of(table(db, "hot"), table(db, "moves"));
                        try (SourceLock lock =
                                TableReadLock.acquire(
                                        c,
                                        Locks.KillSwitch.watchdog(connections),
                                        tables,
                                        true,
                                        t -> false,
                                        TIMEOUT,
                                        Clock.systemUTC())) {
                            // held
                        } catch (RuntimeException e) {
                            failures.add(e.getMessage());
                        }
                    }
                },
                4);
        assertThat(failures).as("LOCK TABLES under the hottest load").isEmpty();
    }

    /**
     * A try of the global read lock is cut short when it is in the cycle, and only then: a writer
     * waits for a row lock whose holder is idle in its transaction (it may commit, and the lock
     * then goes through), then the holder's next statement waits for the global read lock (the
     * cycle: nothing moves until the lock is given up). Cutting every try short while any writer
     * waits for a row lock made the lock all but impossible to have under a load that always has
     * one.
     */
    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MYSQL_5_7_22", "MARIADB_11_4_5"})
    void aTryIsCutShortOnlyWhenTheRowLocksHolderWaitsForTheLock(Flavor flavor) throws Exception {
        cycleSeen(TestServers.source(flavor), true);
    }

    /**
     * MySQL 8.0 without the Performance Schema cannot name a row lock's holder (no data_lock_waits,
     * and 8.0 has no INNODB_LOCK_WAITS): any row-lock wait while the lock waits counts, as before
     * the exact rule, and the cycle is still seen.
     */
    @Test
    void withoutThePerformanceSchemaAnyRowLockWaitCounts() throws Exception {
        try (SandboxServer noPs =
                SandboxServer.start(
                        SandboxOptions.of(Flavor.MYSQL_8_0_33)
                                .withServerId(4716)
                                .withExtraArgs(List.of("--performance-schema=OFF")))) {
            cycleSeen(noPs, false);
        }
    }

    /**
     * A writer waits for a row lock whose holder is idle, FLUSH TABLES WITH READ LOCK waits for
     * that writer: the watchdog's detector says "stuck" only where {@code exact} is false; then the
     * holder's next statement waits for the lock, and it says "stuck".
     */
    private static void cycleSeen(SandboxServer source, boolean exact) throws Exception {
        String db = TestServers.unique("lockcycle");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.hot (id INT PRIMARY KEY, v BIGINT NOT NULL)",
                "INSERT INTO `" + db + "`.hot VALUES (1, 0), (2, 0)");
        ExecutorService threads = Executors.newCachedThreadPool();
        // closed in reverse: the holder before the waiter, whose wait it ends
        try (TrustStores trust = new TrustStores();
                Connection admin = source.connect();
                Connection waiter = source.connect(db);
                Connection holder = source.connect(db)) {
            Connections connections = TestServers.sourceConnections(source, trust);
            holder.setAutoCommit(false);
            holder.createStatement().execute("UPDATE hot SET v = v + 1 WHERE id = 1");
            waiter.createStatement().execute("SET SESSION innodb_lock_wait_timeout = 60");
            Future<?> waiting =
                    threads.submit(
                            () ->
                                    waiter.createStatement()
                                            .execute("UPDATE hot SET v = v + 1 WHERE id = 1"));
            awaitTrue(
                    () ->
                            "1"
                                    .equals(
                                            Jdbc.scalar(
                                                    admin,
                                                    "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                                                            + " WHERE trx_state = 'LOCK WAIT'")),
                    "the writer waits for the row lock");
            try (Connection c = connections.open("coordinator");
                    Locks.KillSwitch kill =
                            Locks.KillSwitch.open(c, Locks.KillSwitch.watchdog(connections))) {
                long id = c.unwrap(com.mysql.cj.MysqlConnection.class).getId();
                Locks.Stuck stuck = kill.globalLockCycle();
                c.createStatement().execute("SET SESSION lock_wait_timeout = 20");
                Future<?> lock =
                        threads.submit(
                                () -> c.createStatement().execute("FLUSH TABLES WITH READ LOCK"));
                awaitTrue(
                        () -> {
                            String state =
                                    Jdbc.scalar(
                                            admin,
                                            "SELECT STATE FROM information_schema.PROCESSLIST"
                                                    + " WHERE ID = "
                                                    + id);
                            return state != null && state.startsWith("Waiting for");
                        },
                        "the lock waits for the writer's statement");
                Future<?> next;
                try {
                    for (int i = 0; i < 3; i++) {
                        Thread.sleep(RowLockWaits.CACHE_GAP.toMillis() + 40); // a fresh answer
                        assertThat(stuck.now())
                                .as("stuck, while the row lock's holder is idle (look %d)", i + 1)
                                .isEqualTo(!exact);
                    }
                    next =
                            threads.submit(
                                    () ->
                                            holder.createStatement()
                                                    .execute(
                                                            "UPDATE hot SET v = v + 1 WHERE id = 2"));
                    boolean seen = false;
                    for (int i = 0; i < 20 && !seen; i++) {
                        Thread.sleep(RowLockWaits.CACHE_GAP.toMillis() + 40);
                        seen = stuck.now();
                    }
                    assertThat(seen)
                            .as("stuck, once the holder's next statement waits for the lock")
                            .isTrue();
                } finally {
                    kill.cancel(null); // the lock's wait ends, whatever was found
                }
                try {
                    lock.get(30, TimeUnit.SECONDS);
                    c.createStatement().execute("UNLOCK TABLES");
                } catch (ExecutionException e) {
                    // cancelled, as meant
                }
                next.get(30, TimeUnit.SECONDS);
                holder.commit();
                waiting.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            source.execute("DROP DATABASE `" + db + "`");
        }
    }

    private static void awaitTrue(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean met = condition.call();
        while (!met && System.nanoTime() < deadline) {
            Thread.sleep(RowLockWaits.CACHE_GAP.toMillis() + 40); // INNODB_TRX: a fresh answer
            met = condition.call();
        }
        assertThat(met).as(what).isTrue();
    }

    private static TableInfo table(String db, String name) {
        return new TableInfo(db, name, "InnoDB", 0, 0, List.of(), List.of(), null);
    }

    @FunctionalInterface
    interface Acquisition {
        void run(Connections connections, String db) throws Exception;
    }

    /**
     * Runs {@code acquisitions} under the write load on {@code hotRows} rows, checking after each
     * that the load commits again; returns the commits.
     */
    private static long underLoad(
            Flavor flavor, int hotRows, Acquisition acquisition, int acquisitions)
            throws Exception {
        SandboxServer source = TestServers.source(flavor);
        String db = TestServers.unique("rowcontention");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.hot (id INT PRIMARY KEY, v BIGINT NOT NULL)",
                "CREATE TABLE `"
                        + db
                        + "`.moves (id BIGINT AUTO_INCREMENT PRIMARY KEY, a INT, b INT)");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= hotRows; i++) {
            rows.append(i == 1 ? "" : ",").append("(").append(i).append(",0)");
        }
        source.execute("INSERT INTO `" + db + "`.hot VALUES " + rows);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        AtomicReference<Throwable> loadFailure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Thread t =
                    new Thread(
                            () -> write(source, db, hotRows, stop, commits, loadFailure),
                            "writer-" + w);
            t.start();
            writers.add(t);
        }
        try (TrustStores trust = new TrustStores()) {
            Connections connections = TestServers.sourceConnections(source, trust);
            awaitCommits(commits, 200, "before the first acquisition");
            for (int i = 0; i < acquisitions; i++) {
                acquisition.run(connections, db);
                // the load goes on between acquisitions, so each one meets it again
                awaitCommits(commits, commits.get() + 50, "after acquisition " + (i + 1));
            }
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join(60_000);
            }
            source.execute("DROP DATABASE `" + db + "`");
        }
        assertThat(loadFailure.get()).as("the write load").isNull();
        return commits.get();
    }

    private static void awaitCommits(AtomicLong commits, long atLeast, String when)
            throws InterruptedException {
        long deadline = System.nanoTime() + LOAD_GOES_ON.toNanos();
        while (commits.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commits.get())
                .as("the write load commits within %s %s", LOAD_GOES_ON, when)
                .isGreaterThanOrEqualTo(atLeast);
    }

    /**
     * Transactions of three statements on two random hot rows: row-lock waits all the time, and
     * deadlocks now and then (rolled back by InnoDB; the writer goes on).
     */
    private static void write(
            SandboxServer source,
            String db,
            int hotRows,
            AtomicBoolean stop,
            AtomicLong commits,
            AtomicReference<Throwable> failure) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION innodb_lock_wait_timeout = " + WRITER_ROW_LOCK_WAIT_SECONDS);
            c.setAutoCommit(false);
            while (!stop.get()) {
                int a = 1 + random.nextInt(hotRows);
                int b = 1 + random.nextInt(hotRows);
                try {
                    st.execute("UPDATE hot SET v = v + 1 WHERE id = " + a);
                    st.execute("UPDATE hot SET v = v - 1 WHERE id = " + b);
                    st.execute("INSERT INTO moves (a, b) VALUES (" + a + "," + b + ")");
                    c.commit();
                    commits.incrementAndGet();
                } catch (SQLException e) {
                    // 1213 deadlock, 1205 row-lock wait timeout: the transaction was rolled back
                    if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                        throw e;
                    }
                    c.rollback();
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }
}
