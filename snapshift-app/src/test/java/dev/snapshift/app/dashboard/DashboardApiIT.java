package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the dashboard API against runs of a real migration, including bad input and the
 * access rules.
 */
class DashboardApiIT {
    static SandboxPair servers;
    @TempDir static Path stateDir;
    static String runId;
    static DashboardServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxPair.start(31);
        servers.createDatabase("api_shop", 2, 300);
        Migration done = Migration.of(servers.config(stateDir, 2, 100, "api_shop"));
        MigrationState state = done.run();
        assertThat(state.status()).as(String.valueOf(state.error())).isEqualTo(Status.COMPLETED);
        runId = done.runId();
        server = DashboardServer.start(UiAddress.parse("127.0.0.1:0"), new StoredRuns(stateDir));
        http = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    static void assertNoPassword(String body) {
        assertThat(body)
                .doesNotContain(SandboxPair.PASSWORD)
                .doesNotContain("b0ard")
                .doesNotContain("Dash%21");
    }

    @Test
    void listsTheRuns() throws Exception {
        HttpTestClient.Response r = http.get("/api/runs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode run = r.json().path("runs").get(0);
        assertThat(run.path("runId").asText()).isEqualTo(runId);
        assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(run.path("statusLabel").asText()).isEqualTo("Completed");
        assertThat(run.path("source").asText()).contains("app:***@");
        assertNoPassword(r.body());
    }

    @Test
    void servesOneRunWithItsOverviewAndCommands() throws Exception {
        HttpTestClient.Response r = http.get("/api/runs/" + runId);
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = r.json();
        JsonNode o = n.path("overview");
        assertThat(o.path("phase").asText()).isEqualTo("DONE");
        assertThat(o.path("consistency").asText()).isEqualTo("SNAPSHOT");
        assertThat(o.path("rows").asLong()).isEqualTo(600);
        assertThat(o.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(o.path("elapsedMillis").asLong()).isPositive();
        assertThat(o.path("rowsPerSecond").asDouble()).isPositive();
        assertThat(o.path("lockHeldMillis").isNumber()).isTrue();
        assertThat(o.path("lockWaitMillis").isNumber()).isTrue();
        assertThat(o.path("binlogText").asText())
                .startsWith("binlog.")
                .contains(":" + n.path("binlog").path("position").asLong());
        assertThat(o.path("counts").path("completed").asInt()).isEqualTo(2);
        assertThat(n.path("replication").path("mysql").asText())
                .startsWith("CHANGE REPLICATION SOURCE TO");
        assertThat(n.path("replication").path("mysqlLegacy").asText())
                .startsWith("CHANGE MASTER TO");
        assertThat(n.path("replication").path("azure").asText())
                .startsWith("CALL mysql.az_replication_change_master(");
        JsonNode db = n.path("databases").get(0);
        assertThat(db.path("name").asText()).isEqualTo("api_shop");
        assertThat(db.path("counts").path("completed").asInt()).isEqualTo(2);
        assertThat(db.path("counts").path("failed").asInt()).isZero();
        JsonNode table = db.path("tables").get(0);
        assertThat(table.path("label").asText()).isEqualTo("Completed");
        assertThat(table.path("rows").asLong()).isEqualTo(300);
        assertThat(table.path("retries").asInt()).isZero();
        assertNoPassword(r.body());
    }

    @Test
    void pushesTheStateAsServerSentEventsAndEndsForAFinishedRun() throws Exception {
        HttpTestClient.Response r = http.get("/api/runs/" + runId + "/events");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/event-stream");
        assertThat(r.body())
                .startsWith("event: state\ndata: {")
                .contains("\"runId\":\"" + runId + "\"")
                .endsWith("event: end\ndata: {}\n\n");
        assertNoPassword(r.body());
    }

    @Test
    void unknownRunIsA404WithAClearMessage() throws Exception {
        for (String path :
                new String[] {
                    "/api/runs/20200101-000000-dead", "/api/runs/20200101-000000-dead/events"
                }) {
            HttpTestClient.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().path("error").path("message").asText())
                    .contains("no run with id '20200101-000000-dead'");
        }
    }

    @Test
    void malformedInputIsA4xxJsonErrorWithoutAStackTrace() throws Exception {
        String[][] cases = {
            {"/api/runs/..%2F..%2Fetc", "400", "malformed run id"},
            {"/api/runs/a%20b", "400", "malformed run id"},
            {"/api/runs/" + "x".repeat(300), "400", "malformed run id"},
            {"/api/runs/" + runId + "/nope", "404", "no such endpoint"},
            {"/api/runsXYZ", "404", "no such endpoint"},
            {"/api/nothing", "404", "no such endpoint"},
            {"/../../etc/passwd", "404", "not found"},
            {"/nothing.html", "404", "not found"},
        };
        for (String[] c : cases) {
            HttpTestClient.Response r = http.get(c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(r.json().path("error").path("message").asText()).as(c[0]).contains(c[2]);
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        // malformed escapes are refused by the JDK's server before any handler: still a 400 without
        // a stack trace
        for (String raw : new String[] {"/api/runs?x=%zz", "/api/runs/%zz"}) {
            HttpTestClient.Response bad = http.raw(raw, "127.0.0.1");
            assertThat(bad.status()).as(raw).isEqualTo(400);
            assertThat(bad.body()).as(raw).doesNotContain("\tat ");
        }
        HttpTestClient.Response post = http.send("POST", "/api/runs/" + runId, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().path("error").path("message").asText())
                .contains("method POST is not allowed");
    }

    @Test
    void servesThePageAndItsAssets() throws Exception {
        HttpTestClient.Response page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body())
                .contains("<script src=\"app.js\"></script>")
                .doesNotContain("http://")
                .doesNotContain("https://");
        assertThat(http.get("/app.js").contentType()).startsWith("text/javascript");
        assertThat(http.get("/style.css").contentType()).startsWith("text/css");
    }

    @Test
    void loopbackDashboardRefusesForeignHostHeaders() throws Exception {
        HttpTestClient.Response r = http.raw("/api/runs", "evil.example:80");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("only answers requests for localhost");
        assertThat(http.raw("/api/runs", "localhost:" + server.port()).status()).isEqualTo(200);
    }

    @Test
    void nonLoopbackBindNeedsTheAccessToken() throws Exception {
        try (DashboardServer open =
                DashboardServer.start(UiAddress.parse("0.0.0.0:0"), new StoredRuns(stateDir))) {
            assertThat(open.token()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(open.url()).endsWith("/?token=" + open.token());
            HttpTestClient c = new HttpTestClient(open.port());
            HttpTestClient.Response none = c.get("/api/runs");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().path("error").path("message").asText()).contains("access token");
            assertThat(c.get("/").status()).isEqualTo(401);
            assertThat(c.get("/api/runs?token=wrong").status()).isEqualTo(401);
            assertThat(c.get("/api/runs?token=%25zz").status()).isEqualTo(401);
            assertThat(c.get("/api/runs?token=" + open.token()).status()).isEqualTo(200);
            assertThat(c.get("/api/runs", "X-Snapshift-Token", open.token()).status())
                    .isEqualTo(200);
            assertThat(
                            c.get("/api/runs/" + runId, "Authorization", "Bearer " + open.token())
                                    .status())
                    .isEqualTo(200);
            // the page's assets load with the cookie its own URL set
            assertThat(c.getHeader("/?token=" + open.token(), "Set-Cookie"))
                    .isEqualTo(
                            "snapshift_token="
                                    + open.token()
                                    + "; HttpOnly; SameSite=Strict; Path=/");
            assertThat(c.get("/style.css", "Cookie", "snapshift_token=" + open.token()).status())
                    .isEqualTo(200);
            assertThat(c.get("/style.css", "Cookie", "snapshift_token=nope").status())
                    .isEqualTo(401);
        }
    }

    @Test
    void liveRunShowsTheWaitingTextUntilTheCoordinatesAreCaptured(@TempDir Path dir)
            throws Exception {
        servers.createDatabase("api_live", 1, 50);
        Gate gate = new Gate(Checkpoint.SESSIONS_OPENED);
        MigrationConfig config = servers.config(dir, 1, 100, "api_live");
        Migration migration = Migration.of(config, gate);
        LiveRuns live = new LiveRuns();
        String provisional = live.add(migration, config);
        try (DashboardServer liveServer =
                DashboardServer.start(UiAddress.parse("127.0.0.1:0"), live)) {
            HttpTestClient c = new HttpTestClient(liveServer.port());
            CompletableFuture<MigrationState> running =
                    CompletableFuture.supplyAsync(migration::run);
            try {
                gate.awaitReached();
                HttpTestClient.Response waiting = c.get("/api/runs/" + provisional);
                assertThat(waiting.json().path("overview").path("binlogText").asText())
                        .isEqualTo(Overview.WAITING);
                assertThat(waiting.json().path("binlog").isNull()).isTrue();
                assertThat(waiting.json().path("live").asBoolean()).isTrue();
                assertThat(c.get("/api/runs").json().path("runs").get(0).path("runId").asText())
                        .isEqualTo(migration.runId());
                assertNoPassword(waiting.body());
            } finally {
                gate.open();
            }
            MigrationState end = running.get(2, TimeUnit.MINUTES);
            assertThat(end.status()).isEqualTo(Status.COMPLETED);
            HttpTestClient.Response done = c.get("/api/runs/" + migration.runId());
            assertThat(done.json().path("overview").path("binlogText").asText())
                    .startsWith("binlog.");
            assertThat(
                            done.json()
                                    .path("databases")
                                    .get(0)
                                    .path("tables")
                                    .get(0)
                                    .path("label")
                                    .asText())
                    .isEqualTo("Completed");
            assertNoPassword(done.body());
        }
    }
}
