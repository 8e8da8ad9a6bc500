package dev.snapshift.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.it.TestServers;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code --lock-wait-timeout 500ms} on a real server, whose own {@code lock_wait_timeout} counts
 * whole seconds: the watchdog cancels each try of FLUSH TABLES WITH READ LOCK at its deadline (100
 * ms, 200 ms, then what is left of the 0.5 s), so a writer queued behind it waits at most that
 * long, not the second the server would allow.
 */
class LockWaitTimeoutIT {
    static final Duration TIMEOUT = Duration.ofMillis(500);

    /** The server's own bound for 500ms: what the writers would wait without the watchdog. */
    static final long SERVER_BOUND_MILLIS = 1_000;

    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);

    @Test
    void aGlobalReadLockBlockedByATableLockGivesUpAtTheDeadlineAndWritersWaitNoLonger()
            throws Exception {
        String db = TestServers.unique("lockwait");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.held (id INT PRIMARY KEY)",
                "CREATE TABLE `" + db + "`.w (id INT AUTO_INCREMENT PRIMARY KEY)");
        try (TrustStores trust = new TrustStores();
                Connection holder = source.connect();
                Statement hold = holder.createStatement()) {
            Connections connections = TestServers.sourceConnections(source, trust);
            // a session holding a table lock for long: FLUSH TABLES WITH READ LOCK must wait for
            // it, and every writer
            // of the server waits behind the waiting FTWRL
            hold.execute("LOCK TABLES `" + db + "`.held WRITE");
            try (Connection lockConnection = connections.open("coordinator")) {
                CountDownLatch waiting = new CountDownLatch(1);
                AtomicLong writerMillis = new AtomicLong(-1);
                AtomicReference<Throwable> writerFailure = new AtomicReference<>();
                Thread writer =
                        new Thread(
                                () -> {
                                    try (Connection w = source.connect(db);
                                            Statement st = w.createStatement()) {
                                        awaitFtwrlWaiting(db, waiting);
                                        long t0 = System.nanoTime();
                                        st.execute("INSERT INTO w VALUES ()");
                                        writerMillis.set((System.nanoTime() - t0) / 1_000_000);
                                    } catch (Throwable t) {
                                        writerFailure.set(t);
                                    }
                                },
                                "test-writer");
                writer.start();

                long t0 = System.nanoTime();
                SnapshiftException e =
                        catchThrowableOfType(
                                () ->
                                        Locks.take(
                                                lockConnection,
                                                Locks.KillSwitch.watchdog(connections),
                                                TIMEOUT,
                                                Clock.systemUTC(),
                                                ex -> GlobalReadLock.classify(ex, TIMEOUT),
                                                "FLUSH TABLES WITH READ LOCK"),
                                SnapshiftException.class);
                long lockMillis = (System.nanoTime() - t0) / 1_000_000;
                writer.join(30_000);
                System.out.printf(
                        "lock attempt %d ms, writer held %d ms%n", lockMillis, writerMillis.get());

                assertThat(e).as("the lock cannot be had while the table lock is held").isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT);
                assertThat(e.getMessage())
                        .contains("could not take the global read lock within 500ms")
                        .contains("did not get through in 500ms")
                        .contains("tries of [100ms, 200ms");
                assertThat(waiting.getCount())
                        .as("the writer saw FTWRL waiting before it wrote")
                        .isZero();
                assertThat(writerFailure.get()).as("the writer").isNull();
                Throwable lastTry = e.getCause().getCause();
                assertThat(lastTry)
                        .as("the last try's failure")
                        .isInstanceOf(java.sql.SQLException.class);
                Throwable statementFailure = lastTry.getCause();
                assertThat(statementFailure)
                        .as(
                                "the waiting statement was killed by the watchdog (error 1317), not ended"
                                        + " by the server's lock_wait_timeout of 1 s (error 1205)")
                        .isInstanceOf(java.sql.SQLException.class);
                assertThat(((java.sql.SQLException) statementFailure).getErrorCode())
                        .as(statementFailure.toString())
                        .isEqualTo(1317);
                assertThat(lockMillis)
                        .as("at least the two first tries")
                        .isGreaterThanOrEqualTo(300);
                assertThat(writerMillis.get())
                        .as(
                                "a writer queued behind the waiting lock waited at most about 0.5 s,"
                                        + " less than the server's own bound of 1 s (attempt: %d ms)",
                                lockMillis)
                        .isBetween(0L, SERVER_BOUND_MILLIS - 1);
                // the connection survives a cancelled wait, holding nothing: the next attempt can
                // use it
                assertThat(Jdbc.scalar(lockConnection, "SELECT 1")).isEqualTo("1");
            }
            hold.execute("UNLOCK TABLES");
        } finally {
            source.execute("DROP DATABASE `" + db + "`");
        }
    }

    /**
     * Waits until a session of the server waits for the global read lock (or for the table flush it
     * includes).
     */
    /**
     * The wait a lock reports is how long writers waited behind it: every try, not only the one
     * that got through. A table lock held for 300 ms after the first try began to wait: the tries
     * of 100 ms, then 200 ms, wait for it (less the short pause between them, at most 50 ms here:
     * no writer waits for a row lock), and the last one alone would report about 150 ms.
     */
    @Test
    void theWaitReportedCountsEveryTry() throws Exception {
        String db = TestServers.unique("lockwaitall");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.held (id INT PRIMARY KEY)");
        try (TrustStores trust = new TrustStores();
                Connection holder = source.connect();
                Statement hold = holder.createStatement()) {
            Connections connections = TestServers.sourceConnections(source, trust);
            hold.execute("LOCK TABLES `" + db + "`.held WRITE");
            AtomicReference<Throwable> releaseFailure = new AtomicReference<>();
            Thread release =
                    new Thread(
                            () -> {
                                try {
                                    awaitFtwrlWaiting(db, new CountDownLatch(1));
                                    TimeUnit.MILLISECONDS.sleep(300);
                                    hold.execute("UNLOCK TABLES");
                                } catch (Throwable t) {
                                    releaseFailure.set(t);
                                }
                            },
                            "test-release");
            release.start();
            try (Connection lockConnection = connections.open("coordinator");
                    SourceLock lock =
                            Locks.take(
                                    lockConnection,
                                    Locks.KillSwitch.watchdog(connections),
                                    Duration.ofSeconds(5),
                                    Clock.systemUTC(),
                                    ex -> GlobalReadLock.classify(ex, Duration.ofSeconds(5)),
                                    "FLUSH TABLES WITH READ LOCK")) {
                release.join(30_000);
                assertThat(releaseFailure.get()).as("the release").isNull();
                System.out.printf("lock wait reported: %d ms%n", lock.waitMillis());
                assertThat(lock.waitMillis())
                        .as("the wait of every try, the table lock held 300 ms after the first")
                        .isGreaterThanOrEqualTo(200);
            }
        } finally {
            source.execute("DROP DATABASE `" + db + "`");
        }
    }

    private void awaitFtwrlWaiting(String db, CountDownLatch waiting) throws Exception {
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            for (int i = 0; i < 2_000; i++) {
                try (java.sql.ResultSet rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                                        + " WHERE INFO = 'FLUSH TABLES WITH READ LOCK'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        waiting.countDown();
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
        throw new AssertionError("FLUSH TABLES WITH READ LOCK never waited (" + db + ")");
    }
}
