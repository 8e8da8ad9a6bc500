package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.Status;
import dev.snapshift.app.Main;
import dev.snapshift.internal.state.RunStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose process was killed mid-copy (its last record says IN_PROGRESS) is INTERRUPTED,
 * "Interrupted", in the dashboard as in {@code snapshift status}: both ask the run record the same
 * question.
 */
class InterruptedRunIT {

    /** Records a copy in progress in another JVM, then waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            MigrationConfig config =
                    MigrationConfig.of(
                            ConnectionSpec.parse("source", "mysql://app@10.0.0.5:3306", null),
                            ConnectionSpec.parse(
                                    "target", "mysql://admin@db.example.com:3306", null),
                            List.of("shop"),
                            2);
            RunStore store = RunStore.create(Path.of(args[0]), config, Clock.systemUTC());
            store.save(
                    new MigrationState(
                            Phase.COPY,
                            Status.IN_PROGRESS,
                            "SNAPSHOT",
                            null,
                            null,
                            List.of(
                                    new DatabaseState(
                                            "shop",
                                            Status.IN_PROGRESS,
                                            List.of(
                                                    new TableState(
                                                            "orders",
                                                            Status.IN_PROGRESS,
                                                            10,
                                                            100,
                                                            0,
                                                            2,
                                                            0,
                                                            null)))),
                            Instant.now(),
                            null,
                            null,
                            null,
                            List.of()));
            System.out.println("run " + store.runId());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    static String killedRun(Path dir) throws Exception {
        Process child =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Child.class.getName(),
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String line;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("run "));
        } finally {
            child.destroyForcibly(); // SIGKILL: the record stays IN_PROGRESS
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(line).as("the child recorded its run").isNotNull();
        return line.substring(4);
    }

    @Test
    void aKilledRunIsInterruptedInTheDashboardAsInStatus(@TempDir Path dir) throws Exception {
        String runId = killedRun(dir);
        RunRecord record = RunStore.load(dir, runId).orElseThrow();
        assertThat(record.status()).as("what the run last recorded").isEqualTo("IN_PROGRESS");
        assertThat(record.effectiveStatus()).isEqualTo("INTERRUPTED");

        try (DashboardServer server =
                DashboardServer.start(UiAddress.parse("127.0.0.1:0"), new StoredRuns(dir))) {
            HttpTestClient http = new HttpTestClient(server.port());
            JsonNode listed = http.get("/api/runs").json().path("runs").get(0);
            assertThat(listed.path("runId").asText()).isEqualTo(runId);
            assertThat(listed.path("alive").asBoolean(true)).isFalse();
            assertThat(listed.path("status").asText()).isEqualTo(record.effectiveStatus());
            assertThat(listed.path("statusLabel").asText()).isEqualTo("Interrupted");

            JsonNode run = http.get("/api/runs/" + runId).json();
            assertThat(run.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("recordedStatus").asText()).isEqualTo("IN_PROGRESS");
            assertThat(run.path("interrupted").asBoolean()).isTrue();
            assertThat(run.path("resumeCommand").asText())
                    .as("the page offers the resume")
                    .startsWith("bin/snapshift migrate --resume " + runId);
            assertThat(run.path("overview").path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("overview").path("statusLabel").asText()).isEqualTo("Interrupted");
            assertThat(run.path("overview").path("etaMillis").isNull())
                    .as("no ETA for a dead run")
                    .isTrue();
        }

        StringWriter out = new StringWriter();
        assertThat(
                        Main.run(
                                new PrintWriter(out, true),
                                new PrintWriter(new StringWriter(), true),
                                "status",
                                "--state-dir",
                                dir.toString(),
                                runId))
                .isZero();
        assertThat(out.toString()).contains("status:      INTERRUPTED (last recorded IN_PROGRESS");
    }

    @Test
    void theStatusRuleIsOnePureFunction() {
        assertThat(RunRecord.effectiveStatus("IN_PROGRESS", false, false)).isEqualTo("INTERRUPTED");
        assertThat(RunRecord.effectiveStatus("UNKNOWN", false, false))
                .as("died before its first save")
                .isEqualTo("INTERRUPTED");
        assertThat(RunRecord.effectiveStatus("IN_PROGRESS", false, true)).isEqualTo("IN_PROGRESS");
        assertThat(RunRecord.effectiveStatus("FAILED", true, false)).isEqualTo("FAILED");
        assertThat(RunRecord.effectiveStatus("COMPLETED", true, false)).isEqualTo("COMPLETED");
        assertThat(Overview.label("INTERRUPTED")).isEqualTo("Interrupted");
    }
}
