package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.OnlineOptions;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.ManagedProfile;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --online} onto the managed profile (lower_case_table_names=1, generated invisible keys, an
 * admin without SUPER, TLS): a mixed-case database under the transfer load, with a keyless audit
 * table filled by a trigger, catches up and cuts over VERIFIED; the trigger is created at the
 * cutover by the admin (its definer taken over, as preflight said), and fires on the target.
 */
class OnlineManagedIT {
    @TempDir Path stateDir;

    @Test
    void catchesUpOntoTheManagedTargetAndCutsOverEqual() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        SandboxServer target = SharedServers.managedTarget();
        String db = "Online_" + TestServers.unique("Bank");
        String folded = db.toLowerCase(Locale.ROOT);
        try (Connection c = source.connect()) {
            TransferWorkload.createSchema(c, db, 200, 1_000);
        }
        source.execute(
                "CREATE TABLE `" + db + "`.Audit (account INT, balance BIGINT)",
                "CREATE TRIGGER `"
                        + db
                        + "`.audit_balance AFTER UPDATE ON `"
                        + db
                        + "`.accounts FOR EACH ROW INSERT INTO `"
                        + db
                        + "`.Audit VALUES (NEW.id, NEW.balance)");
        MigrationConfig config =
                MigrationConfig.of(
                                TestServers.spec(source),
                                ConnectionSpec.parse(
                                        "target", ManagedProfile.adminUrl(target), null),
                                List.of(db),
                                3)
                        .withStateDir(stateDir)
                        .withOnline(OnlineOptions.defaults());
        Migration migration = Migration.of(config);
        MigrationState end;
        target.execute("SET GLOBAL log_bin_trust_function_creators = ON");
        try (TransferWorkload load =
                TransferWorkload.start(
                        source.jdbcUrl(db), source.rootUser(), source.rootPassword(), 3, 5)) {
            ConsistencyIT.awaitCommits(load, 300);
            CompletableFuture<MigrationState> run = CompletableFuture.supplyAsync(migration::run);
            OnlineIT.awaitState(
                    migration,
                    run,
                    s -> s.catchUp() != null && s.catchUp().transactions() > 0,
                    Duration.ofSeconds(90));
            ConsistencyIT.awaitCommits(load, load.committed() + 200);
            load.stop();
            migration.requestCutover(
                    new CutoverRequest(
                            Instant.now(),
                            false,
                            CutoverRequest.Verify.DIGEST,
                            Duration.ofMinutes(2)));
            end = run.get(3, TimeUnit.MINUTES);
        } finally {
            target.execute("SET GLOBAL log_bin_trust_function_creators = OFF");
        }
        assertThat(end.status()).as("error: %s", end.error()).isEqualTo(Status.COMPLETED);
        CutoverState cut = end.cutover();
        assertThat(cut.verdict()).as("cutover %s", cut).isEqualTo(CutoverState.Verdict.VERIFIED);
        assertThat(cut.tables()).hasSize(4).allMatch(CutoverState.TableCheck::equal);
        assertThat(end.catchUp().fullRowMatchTables()).anyMatch(t -> t.endsWith("Audit"));
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(TransferWorkload.checkInvariants(t, folded, 200, 1_000)).isEmpty();
            assertThat(folded(TableDigest.ofDatabase(t, folded)))
                    .isEqualTo(folded(TableDigest.ofDatabase(s, db)));
            long audits =
                    Long.parseLong(Rows.one(t, "SELECT COUNT(*) FROM `" + folded + "`.audit"));
            t.createStatement()
                    .execute("UPDATE `" + folded + "`.accounts SET balance = balance WHERE id = 1");
            assertThat(Rows.one(t, "SELECT COUNT(*) FROM `" + folded + "`.audit"))
                    .as("the trigger, created at cutover, fires on the target")
                    .isEqualTo(String.valueOf(audits + 1));
        }
    }

    private static Map<String, TableDigest> folded(Map<String, TableDigest> digests) {
        Map<String, TableDigest> out = new TreeMap<>();
        digests.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }
}
