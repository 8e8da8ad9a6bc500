package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.CatchUpState;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.OnlineOptions;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.Replication;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code migrate --online} under the invariant-keeping write load, between every pair of servers:
 * the copy, the catch-up from the snapshot's coordinates while the load goes on, then the cutover
 * once the load stopped. The target keeps the invariants, every table's digest equals the source's
 * at the cutover position, and no replication was ever configured on the target.
 */
class OnlineIT {
    static final int ACCOUNTS = 200;
    static final long BALANCE = 1_000;

    enum Pair {
        MYSQL_80_TO_80(Flavor.MYSQL_8_0_33, Flavor.MYSQL_8_0_33),
        MYSQL_57_TO_80(Flavor.MYSQL_5_7_22, Flavor.MYSQL_8_0_33),
        MARIADB_TO_MARIADB(Flavor.MARIADB_11_4_5, Flavor.MARIADB_11_4_5),
        MARIADB_TO_MYSQL_80(Flavor.MARIADB_11_4_5, Flavor.MYSQL_8_0_33);

        final Flavor from;
        final Flavor to;

        Pair(Flavor from, Flavor to) {
            this.from = from;
            this.to = to;
        }
    }

    @TempDir Path stateDir;

    @ParameterizedTest
    @EnumSource(Pair.class)
    void catchesUpUnderLoadAndCutsOverEqual(Pair pair) throws Exception {
        SandboxServer source = TestServers.source(pair.from);
        SandboxServer target = TestServers.target(pair.to);
        String db = TestServers.unique("online");
        try (Connection c = source.connect()) {
            TransferWorkload.createSchema(c, db, ACCOUNTS, BALANCE);
        }
        MigrationConfig config =
                TestServers.config(source, target, List.of(db), 3, 250)
                        .withStateDir(stateDir)
                        .withOnline(OnlineOptions.defaults());
        Migration migration = Migration.of(config);
        MigrationState end;
        try (TransferWorkload load =
                TransferWorkload.start(
                        source.jdbcUrl(db), source.rootUser(), source.rootPassword(), 4, 11)) {
            ConsistencyIT.awaitCommits(load, 500);
            CompletableFuture<MigrationState> run = CompletableFuture.supplyAsync(migration::run);
            awaitState(
                    migration,
                    run,
                    s -> s.catchUp() != null && s.catchUp().transactions() > 0,
                    Duration.ofSeconds(90));
            long before = load.committed();
            ConsistencyIT.awaitCommits(load, before + 300); // applied while it runs
            load.stop();
            migration.requestCutover(
                    new CutoverRequest(
                            Instant.now(),
                            false,
                            CutoverRequest.Verify.DIGEST,
                            Duration.ofMinutes(2)));
            end = run.get(3, TimeUnit.MINUTES);
        }
        assertThat(end.status()).as("status, error: %s", end.error()).isEqualTo(Status.COMPLETED);
        assertThat(end.phase()).isEqualTo(Phase.DONE);
        CatchUpState catchUp = end.catchUp();
        assertThat(catchUp.transactions()).isPositive();
        assertThat(catchUp.rows()).isPositive();
        CutoverState cut = end.cutover();
        assertThat(cut.verdict()).as("cutover %s", cut).isEqualTo(CutoverState.Verdict.VERIFIED);
        assertThat(cut.tables()).hasSize(3).allMatch(CutoverState.TableCheck::equal);
        try (Connection t = target.connect();
                Connection s = source.connect()) {
            assertThat(TransferWorkload.checkInvariants(t, db, ACCOUNTS, BALANCE)).isEmpty();
            Map<String, TableDigest> expected = TableDigest.ofDatabase(s, db);
            Map<String, TableDigest> actual = TableDigest.ofDatabase(t, db);
            assertThat(TableDigest.differences(expected, actual)).isEmpty();
            assertThat(Replication.status(t))
                    .as("no replication configured on the target")
                    .isEmpty();
            assertThat(positionRowLeft(t, onlyRunId(stateDir)))
                    .as("this run's catch-up position removed from the target")
                    .isFalse();
        }
    }

    /** The id of the one run in {@code stateDir}. */
    static String onlyRunId(Path stateDir) throws Exception {
        try (var dirs = java.nio.file.Files.list(stateDir)) {
            List<Path> runs = dirs.filter(java.nio.file.Files::isDirectory).toList();
            assertThat(runs).as("runs in %s", stateDir).hasSize(1);
            return runs.get(0).getFileName().toString();
        }
    }

    /**
     * Whether the target still holds the catch-up position of {@code runId} (other runs on the
     * shared test target may keep the schema and table: a killed run's position stays for its
     * resume).
     */
    static boolean positionRowLeft(Connection c, String runId) throws Exception {
        if (!schemaExists(c, "snapshift")) {
            return false;
        }
        try (var ps =
                c.prepareStatement(
                        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'snapshift'"
                                + " AND TABLE_NAME = 'catchup_position'")) {
            try (var rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return false;
                }
            }
        }
        try (var ps =
                c.prepareStatement(
                        "SELECT COUNT(*) FROM snapshift.catchup_position WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    static boolean schemaExists(Connection c, String schema) throws Exception {
        try (var st = c.createStatement();
                var rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                                        + schema
                                        + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    static MigrationState awaitState(
            Migration m,
            CompletableFuture<MigrationState> run,
            Predicate<MigrationState> until,
            Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            MigrationState s = m.state();
            if (until.test(s)) {
                return s;
            }
            if (run.isDone()) {
                throw new AssertionError("the run ended: " + run.get().error());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out; state " + m.state() + "\n" + threadDump());
    }

    /** Where every thread of this JVM is: what a run that stopped moving waits for. */
    static String threadDump() {
        StringBuilder sb = new StringBuilder("threads:\n");
        Thread.getAllStackTraces()
                .forEach(
                        (t, stack) -> {
                            sb.append('"').append(t.getName()).append("\" ").append(t.getState());
                            sb.append('\n');
                            for (StackTraceElement e : stack) {
                                sb.append("    at ").append(e).append('\n');
                            }
                        });
        return sb.toString();
    }
}
