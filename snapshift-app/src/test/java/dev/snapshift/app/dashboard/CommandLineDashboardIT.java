package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshift.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate --ui} and {@code serve} from the command line, against real servers. */
class CommandLineDashboardIT {
    static SandboxPair servers;
    @TempDir static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxPair.start(51);
        servers.createDatabase("cli_shop", 2, 200);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void migrateServesTheLiveRunWhileItWaitsForTheLock() throws Exception {
        // a session holding a table lock makes the snapshot's flush wait: the run is live and has
        // no coordinates yet
        try (Connection blocker = servers.source.connect();
                Statement st = blocker.createStatement()) {
            st.execute("LOCK TABLES cli_shop.t1 WRITE");
            InProcessCli cli =
                    new InProcessCli(
                            "migrate",
                            "--source",
                            servers.sourceUrl(),
                            "--target",
                            servers.target.url(),
                            "--databases",
                            "cli_shop",
                            "--ui",
                            "127.0.0.1:0",
                            "--state-dir",
                            stateDir.toString(),
                            "--lock-wait-timeout",
                            "30s");
            try (cli) {
                String url = cli.dashboardUrl();
                assertThat(url).matches("http://127\\.0\\.0\\.1:[0-9]+/");
                HttpTestClient http = new HttpTestClient(URI.create(url).getPort());
                JsonNode runs = http.get("/api/runs").json().path("runs");
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).path("live").asBoolean()).isTrue();
                HttpTestClient.Response run =
                        http.get("/api/runs/" + runs.get(0).path("runId").asText());
                assertThat(run.status()).isEqualTo(200);
                assertThat(run.json().path("overview").path("binlogText").asText())
                        .isEqualTo(Overview.WAITING);
                assertThat(run.body()).doesNotContain(SandboxPair.PASSWORD);
                st.execute("UNLOCK TABLES");
                assertThat(cli.exitCode()).as(cli.output()).isZero();
                assertThat(cli.output())
                        .contains("Migration COMPLETED")
                        .doesNotContain(SandboxPair.PASSWORD);
            } finally {
                st.execute("UNLOCK TABLES");
            }
        }
    }

    @Test
    void serveShowsTheRecordedRunsUntilInterrupted(@TempDir Path dir) throws Exception {
        assertThat(
                        Main.run(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(new StringWriter()),
                                "migrate",
                                "--source",
                                servers.sourceUrl(),
                                "--target",
                                servers.target.url(),
                                "--databases",
                                "cli_shop",
                                "--state-dir",
                                dir.toString(),
                                "--clean-target",
                                "--quiet"))
                .isZero();
        InProcessCli serve =
                new InProcessCli("serve", "--ui", "127.0.0.1:0", "--state-dir", dir.toString());
        try (serve) {
            HttpTestClient http = new HttpTestClient(URI.create(serve.dashboardUrl()).getPort());
            JsonNode runs = http.get("/api/runs").json().path("runs");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).path("status").asText()).isEqualTo("COMPLETED");
            assertThat(runs.get(0).path("live").asBoolean()).isFalse();
            JsonNode run = http.get("/api/runs/" + runs.get(0).path("runId").asText()).json();
            assertThat(run.path("overview").path("binlogText").asText()).startsWith("binlog.");
            assertThat(run.path("databases").get(0).path("counts").path("completed").asInt())
                    .isEqualTo(2);
            assertThat(http.get("/").status()).isEqualTo(200);
        }
        assertThat(serve.exitCode()).isZero();
    }

    @Test
    void badUiAddressIsAUsageError() {
        for (String[] args :
                new String[][] {
                    {"serve", "--ui", "nonsense", "--state-dir", stateDir.toString()},
                    {
                        "migrate",
                        "--source",
                        servers.sourceUrl(),
                        "--target",
                        servers.target.url(),
                        "--ui",
                        "1:2:3",
                        "--state-dir",
                        stateDir.toString()
                    }
                }) {
            StringWriter err = new StringWriter();
            int code =
                    Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
            assertThat(code).as(args[0]).isEqualTo(2);
            assertThat(err.toString()).as(args[0]).contains("--ui: ");
        }
    }
}
