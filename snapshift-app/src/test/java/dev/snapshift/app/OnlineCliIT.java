package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.Runs;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.RunRecord;
import dev.snapshift.app.dashboard.DashboardServer;
import dev.snapshift.app.dashboard.StoredRuns;
import dev.snapshift.app.dashboard.UiAddress;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online path from the command line, as a user drives it, under the transfer load (MySQL 8.0.33
 * to 8.0.33): {@code migrate --online} in one "terminal" shows the lag, {@code status} shows it
 * too, {@code cutover RUN_ID} from another ends the run with the final coordinates and the verdict,
 * and the report holds the evidence. The target ends equal to the source.
 */
class OnlineCliIT {
    static final int ACCOUNTS = 200;
    static final long BALANCE = 1_000;

    @TempDir Path stateDir;
    @TempDir Path dir;

    @Test
    void onlineMigrationShowsTheLagAndCutsOverFromAnotherCommand() throws Exception {
        SandboxServer source = SharedServers.source(Flavor.MYSQL_8_0_33);
        SandboxServer target = SharedServers.target(Flavor.MYSQL_8_0_33);
        String db = SharedServers.unique("oncli");
        try (Connection c = source.connect()) {
            TransferWorkload.createSchema(c, db, ACCOUNTS, BALANCE);
        }
        Path report = dir.resolve("report.json");
        CliRun cutover;
        CliRun status;
        CliRun migrate;
        JsonNode live;
        try (TransferWorkload load =
                TransferWorkload.start(
                        source.jdbcUrl(db), source.rootUser(), source.rootPassword(), 4, 7)) {
            awaitCommits(load, 200);
            CompletableFuture<CliRun> run =
                    CompletableFuture.supplyAsync(
                            () ->
                                    CliRun.of(
                                            "migrate",
                                            "--online",
                                            "--source",
                                            source.url(),
                                            "--target",
                                            target.url(),
                                            "--databases",
                                            db,
                                            "--threads",
                                            "2",
                                            "--state-dir",
                                            stateDir.toString(),
                                            "--report",
                                            report.toString()));
            RunRecord r =
                    awaitRun(
                            run,
                            s -> s.catchUp() != null && s.catchUp().transactions() > 200,
                            Duration.ofSeconds(120));
            // the dashboard serves the lag from the recorded state, as `serve` does
            try (DashboardServer ui =
                    DashboardServer.start(
                            UiAddress.parse("127.0.0.1:0"), new StoredRuns(stateDir))) {
                HttpResponse<String> got =
                        HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + ui.port()
                                                                        + "/api/runs/"
                                                                        + r.runId()))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
                live = new ObjectMapper().readTree(got.body());
            }
            // long enough for the progress printer's periodic catch-up line (every 5 s)
            Thread.sleep(6_000);
            status = CliRun.of("status", r.runId(), "--state-dir", stateDir.toString());
            load.stop();
            cutover =
                    CliRun.of(
                            "cutover",
                            r.runId(),
                            "--state-dir",
                            stateDir.toString(),
                            "--verify",
                            "digest");
            migrate = run.get(3, TimeUnit.MINUTES);
        }
        assertThat(live.path("catchUp").path("transactions").asLong()).as("%s", live).isPositive();
        assertThat(live.path("catchUp").path("secondsBehind").isNumber()).isTrue();
        assertThat(live.path("catchUp").path("bytesBehind").isNumber()).isTrue();
        assertThat(live.path("catchUp").path("eventsPerSecond").isNumber()).isTrue();
        assertThat(live.path("catchUp").path("applied").path("file").asText())
                .startsWith("binlog.");

        assertThat(status.code()).as(status.out() + status.err()).isZero();
        assertThat(status.out())
                .contains("phase:       CATCHUP")
                .containsPattern("catch-up: +\\d+ s behind, \\d+ bytes behind \\| \\d+ events/s")
                .contains("cutover " + runIdOf(status.out()));

        assertThat(cutover.code()).as(cutover.out() + cutover.err()).isZero();
        assertThat(cutover.out())
                .contains("requested")
                .contains("Cutover VERIFIED: final coordinates file binlog.")
                .containsPattern("writes stopped for \\d+ ms")
                .contains("tables equal on both servers: 3 of 3");

        assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
        assertThat(migrate.out())
                .contains("phase CATCHUP")
                .contains("then: bin/snapshift cutover")
                .containsPattern("catch-up: \\d+ s behind, \\d+ bytes behind \\| \\d+ events/s")
                .contains("Migration COMPLETED")
                .contains("Online catch-up (snapshift applied the binary log")
                .contains("Cutover VERIFIED")
                .doesNotContain("Start replication on the target");

        JsonNode n = new ObjectMapper().readTree(Files.readString(report));
        assertThat(n.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(n.path("catchUp").path("transactions").asLong()).isGreaterThan(200);
        assertThat(n.path("catchUp").path("secondsBehind").isNumber()).isTrue();
        assertThat(n.path("catchUp").path("bytesBehind").isNumber()).isTrue();
        assertThat(n.path("cutover").path("verdict").asText()).isEqualTo("VERIFIED");
        assertThat(n.path("cutover").path("finalCoordinates").path("file").asText())
                .startsWith("binlog.");
        assertThat(n.path("cutover").path("finalCoordinates").path("position").asLong())
                .isPositive();
        assertThat(n.path("cutover").path("writesStoppedMillis").isNumber()).isTrue();
        assertThat(n.path("replication").path("path").asText()).isEqualTo("snapshift-catchup");

        try (Connection t = target.connect();
                Connection s = source.connect()) {
            assertThat(TransferWorkload.checkInvariants(t, db, ACCOUNTS, BALANCE)).isEmpty();
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
        }
        // nothing left to cut over: a usage error that says why
        CliRun again =
                CliRun.of("cutover", runIdOf(status.out()), "--state-dir", stateDir.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("has ended");
    }

    private static String runIdOf(String statusOut) {
        String line = statusOut.lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow();
        return line.substring(4, line.indexOf(' ', 4));
    }

    private RunRecord awaitRun(
            CompletableFuture<CliRun> run, Predicate<MigrationState> until, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (run.isDone()) {
                CliRun r = run.get();
                throw new AssertionError("migrate ended early: " + r.out() + r.err());
            }
            for (RunRecord r : Runs.list(stateDir)) {
                if (r.state() != null && until.test(r.state())) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the online run did not get there in " + timeout);
    }

    private static void awaitCommits(TransferWorkload load, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (load.committed() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the load committed only " + load.committed() + ": " + load.lastError());
            }
            Thread.sleep(20);
        }
    }
}
