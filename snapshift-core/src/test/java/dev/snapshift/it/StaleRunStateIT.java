package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory remembers a run that failed half-way into a target; a later run onto that
 * address is refused only while the target really holds what that run may have left. A target
 * created afresh (or emptied) passes.
 */
class StaleRunStateIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    /**
     * Records, as a real run does, a run over {@code db} that began copying {@code table} and then
     * failed.
     */
    static String failedRun(Path stateDir, MigrationConfig config, String db, String table) {
        Instant t0 = Instant.now();
        try (RunStore store = RunStore.create(stateDir, config, Clock.systemUTC())) {
            List<DatabaseState> dbs =
                    List.of(
                            new DatabaseState(
                                    db,
                                    Status.IN_PROGRESS,
                                    List.of(
                                            new TableState(
                                                    table,
                                                    Status.IN_PROGRESS,
                                                    10,
                                                    100,
                                                    0,
                                                    2,
                                                    0,
                                                    null))));
            store.save(
                    new MigrationState(
                            Phase.COPY,
                            Status.IN_PROGRESS,
                            "SNAPSHOT",
                            null,
                            null,
                            dbs,
                            t0,
                            null,
                            null,
                            null,
                            List.of()));
            store.save(
                    new MigrationState(
                            Phase.DONE,
                            Status.FAILED,
                            "SNAPSHOT",
                            null,
                            null,
                            dbs,
                            t0,
                            Instant.now(),
                            ErrorCode.COPY,
                            "copy failed",
                            List.of()));
            return store.runId();
        }
    }

    @Test
    void aFreshTargetAtTheSameAddressPassesAndLeftoversOnItAreRefused(@TempDir Path stateDir)
            throws Exception {
        String db = TestServers.unique("stale");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.items (id INT PRIMARY KEY, v INT)",
                "INSERT INTO `" + db + "`.items VALUES (1, 10), (2, 20)");
        MigrationConfig config =
                TestServers.config(source, target, List.of(db), 2, 1000).withStateDir(stateDir);
        String earlier = failedRun(stateDir, config, db, "items");

        // the target holds nothing of that run (dropped and created again, say): the migration goes
        // ahead
        MigrationState fresh = Migration.of(config).run();
        assertThat(fresh.status()).as("error: %s", fresh.error()).isEqualTo(Status.COMPLETED);
        assertThat(fresh.totalRows()).isEqualTo(2);

        // an earlier run that failed while copying a table the target really holds: refused, naming
        // that run
        String other = TestServers.unique("stale");
        source.execute(
                "CREATE DATABASE `" + other + "`",
                "CREATE TABLE `" + other + "`.items (id INT PRIMARY KEY)");
        target.execute(
                "CREATE DATABASE `" + other + "`",
                "CREATE TABLE `" + other + "`.half_copied (id INT PRIMARY KEY)");
        MigrationConfig otherConfig =
                TestServers.config(source, target, List.of(other), 2, 1000).withStateDir(stateDir);
        String partial = failedRun(stateDir, otherConfig, other, "half_copied");
        MigrationState refused = Migration.of(otherConfig).run();
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.PREFLIGHT);
        assertThat(refused.error())
                .contains("partial copy")
                .contains("run " + partial)
                .contains("--clean-target")
                .doesNotContain(earlier);
        assertThat(tableCount(target, other)).as("nothing written").isEqualTo(1);

        // once the leftover is gone, the same target passes
        target.execute("DROP TABLE `" + other + "`.half_copied");
        MigrationState after = Migration.of(otherConfig).run();
        assertThat(after.status()).as("error: %s", after.error()).isEqualTo(Status.COMPLETED);
    }

    static long tableCount(SandboxServer s, String db) throws Exception {
        try (java.sql.Connection c = s.connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                                        + db
                                        + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
