package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Progress moves while a chunk streams, not only when it commits: a table copied as one big chunk
 * shows rows going in (its percentage and the ETA follow them) long before its single commit; after
 * the commit nothing is left in flight.
 */
class StreamingProgressIT {
    @Test
    void rowsCountAsTheyStreamAndSettleAtTheCommit() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("stream");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.big (id INT PRIMARY KEY, payload VARCHAR(200))",
                "SET SESSION cte_max_recursion_depth = 1000000",
                "INSERT INTO `"
                        + db
                        + "`.big WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 150000)"
                        + " SELECT n, REPEAT('x', 150) FROM s");
        // one worker, one chunk for the whole table: rows would show only at its one commit
        Migration migration =
                Migration.of(
                        TestServers.config(source, target, List.of(db), 1, 1_000_000)
                                .withChunkBytes(1L << 30));
        AtomicLong seenInFlight = new AtomicLong();
        AtomicLong seenCommittedThen = new AtomicLong(-1);
        Thread watcher =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                MigrationState s = migration.state();
                                for (MigrationState.DatabaseState d : s.databases()) {
                                    for (MigrationState.TableState t : d.tables()) {
                                        if (t.rowsInFlight() > seenInFlight.get()) {
                                            seenInFlight.set(t.rowsInFlight());
                                            seenCommittedThen.set(t.rows());
                                        }
                                    }
                                }
                                try {
                                    Thread.sleep(2);
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
        assertThat(state.status()).as("%s", state.error()).isEqualTo(Status.COMPLETED);
        MigrationState.TableState big = state.databases().get(0).tables().get(0);
        assertThat(big.chunksTotal()).isEqualTo(1);
        assertThat(seenInFlight.get())
                .as("rows seen streaming before the commit")
                .isGreaterThan(10_000);
        assertThat(seenCommittedThen.get()).as("none committed yet while they streamed").isZero();
        assertThat(big.rows()).isEqualTo(150_000);
        assertThat(big.rowsInFlight()).as("nothing left in flight after the commit").isZero();
        assertThat(big.rowsCopying()).isEqualTo(150_000);
    }
}
