package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-rate}: the copy reads no faster than the ceiling over all its workers together, and
 * still copies every row. Checked as a lower bound on the copy's duration (rows / rate, less the
 * limiter's tenth of a second of burst), which a slow machine cannot break; the copy of the same
 * rows without a ceiling is the control that the bound is not met anyway.
 */
class MaxRateIT {
    @Test
    void theCopyReadsNoFasterThanTheCeilingAndCopiesEverything() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("maxrate");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "SET SESSION cte_max_recursion_depth = 100000",
                "CREATE TABLE `" + db + "`.a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE `" + db + "`.b (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `"
                        + db
                        + "`.a WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 6000)"
                        + " SELECT n, 'row' FROM s",
                "INSERT INTO `" + db + "`.b SELECT * FROM `" + db + "`.a");
        long unlimited = copyMillis(source, target, db + "_free", db, 0);
        long limited = copyMillis(source, target, db + "_slow", db, 2_000);
        // 12,000 rows at 2,000 rows/s: at least 6 s less the 0.1 s burst
        assertThat(limited).as("copy with --max-rate 2k").isGreaterThanOrEqualTo(5_900);
        assertThat(unlimited).as("the control copy, no ceiling").isLessThan(5_900);
    }

    /** Copies {@code db} (renamed on the target via a fresh target database) and times the copy. */
    private static long copyMillis(
            SandboxServer source, SandboxServer target, String label, String db, long rate)
            throws Exception {
        target.execute("DROP DATABASE IF EXISTS `" + db + "`");
        Migration migration =
                Migration.of(
                        TestServers.config(source, target, List.of(db), 2, 1_000)
                                .withMaxRate(rate));
        AtomicLong copyStarted = new AtomicLong();
        AtomicLong copyEnded = new AtomicLong();
        Thread watcher =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                Phase p = migration.state().phase();
                                if (p == Phase.COPY && copyStarted.get() == 0) {
                                    copyStarted.set(System.nanoTime());
                                }
                                if (copyStarted.get() != 0
                                        && p != Phase.COPY
                                        && copyEnded.get() == 0) {
                                    copyEnded.set(System.nanoTime());
                                }
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        watcher.start();
        MigrationState state;
        try {
            state = migration.run();
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertThat(state.status()).as("%s: %s", label, state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.totalRows()).isEqualTo(12_000);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(TableDigest.ofDatabase(t, db)).isEqualTo(TableDigest.ofDatabase(s, db));
        }
        assertThat(copyStarted.get()).as("%s: the COPY phase was seen", label).isPositive();
        long end = copyEnded.get() == 0 ? System.nanoTime() : copyEnded.get();
        return (end - copyStarted.get()) / 1_000_000;
    }
}
