package dev.snapshift.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.it.TestServers;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock tries ask every few milliseconds whether a transaction waits for a row lock. Asked that
 * often, information_schema.INNODB_TRX (a cache InnoDB refreshes only after 100 ms without a read)
 * never changed again: a waiter that appeared after the first question was never seen, and one that
 * had gone was seen for ever. Each answer must follow the server: a poller asking as the watchdog
 * does (every 20 ms) sees a waiter appear and go, on every flavor (8.0: the live
 * performance_schema.data_lock_waits; 5.7 and MariaDB: INNODB_TRX, asked when fresh).
 */
class RowLockWaitsIT {
    static final Duration SEEN_WITHIN = Duration.ofSeconds(2);

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MYSQL_5_7_22", "MARIADB_11_4_5"})
    void aPollerSeesAWaiterAppearAndGo(Flavor flavor) throws Exception {
        SandboxServer server = TestServers.source(flavor);
        String db = TestServers.unique("rowlockwaits");
        // closed in reverse: the holder before the waiter, whose wait it ends
        try (Connection admin = server.connect();
                Connection waiter = server.connect();
                Connection holder = server.connect();
                Connection asker = server.connect()) {
            admin.createStatement().execute("CREATE DATABASE `" + db + "`");
            admin.createStatement()
                    .execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v INT)");
            admin.createStatement().execute("INSERT INTO `" + db + "`.t VALUES (1, 0)");
            RowLockWaits waits = RowLockWaits.on(asker);
            assertThat(waits.live()).as("source").isEqualTo(flavor == Flavor.MYSQL_8_0_33);

            AtomicLong seen = new AtomicLong(-1);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread poller = new Thread(() -> poll(asker, waits, seen, failed), "poller");
            poller.setDaemon(true);
            poller.start();
            try {
                awaitSeen(seen, failed, 0, "no waiter yet");
                holder.setAutoCommit(false);
                holder.createStatement()
                        .executeQuery("SELECT v FROM `" + db + "`.t WHERE id = 1 FOR UPDATE")
                        .close();
                Statement w = waiter.createStatement();
                w.execute("SET SESSION innodb_lock_wait_timeout = 30");
                CompletableFuture<Void> blocked =
                        CompletableFuture.runAsync(
                                () -> {
                                    try {
                                        w.execute(
                                                "UPDATE `" + db + "`.t SET v = v + 1 WHERE id = 1");
                                    } catch (SQLException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
                awaitSeen(seen, failed, 1, "the waiter, after the poller's first answers");
                holder.commit();
                blocked.get();
                awaitSeen(seen, failed, 0, "no waiter once the row lock was released");
            } finally {
                poller.interrupt();
                poller.join(5_000);
            }
            admin.createStatement().execute("DROP DATABASE `" + db + "`");
        }
    }

    /** Asks as the watchdog does: every 20 ms, when the source has a fresh answer. */
    private static void poll(
            Connection c, RowLockWaits waits, AtomicLong seen, AtomicReference<Throwable> failed) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Long n = waits.waiting(c); // null: no fresh answer yet
                if (n != null) {
                    seen.set(n);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            failed.set(e);
        }
    }

    private static void awaitSeen(
            AtomicLong seen, AtomicReference<Throwable> failed, long expected, String what)
            throws InterruptedException {
        long end = System.nanoTime() + SEEN_WITHIN.toNanos();
        while (seen.get() != expected && failed.get() == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(failed.get()).as("the poller's failure").isNull();
        assertThat(seen.get()).as(what).isEqualTo(expected);
    }
}
