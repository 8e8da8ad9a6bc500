package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard's endpoints against real servers: databases with sizes, preflight, start, and every
 * kind of bad form.
 */
class WizardApiIT {
    static SandboxPair servers;
    @TempDir static Path stateDir;
    static Launcher launcher;
    static DashboardServer server;
    static HttpTestClient http;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxPair.start(61);
        servers.createDatabase("wiz_shop", 2, 150);
        LiveRuns live = new LiveRuns();
        launcher = new Launcher(live);
        server =
                DashboardServer.start(
                        UiAddress.parse("127.0.0.1:0"),
                        new AllRuns(live, new StoredRuns(stateDir)),
                        new WizardHandler(launcher, stateDir));
        http = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (launcher != null) {
            launcher.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    static ObjectNode form() {
        ObjectNode f = new ObjectMapper().createObjectNode();
        f.putObject("source")
                .put("url", "mysql://app@" + servers.source.host() + ":" + servers.source.port())
                .put("password", SandboxPair.PASSWORD);
        f.putObject("target").put("url", servers.target.url()).put("password", "");
        f.putArray("databases").add("wiz_shop");
        f.put("consistency", "snapshot");
        f.put("threads", 2);
        return f;
    }

    static ObjectNode withTargetOption(String field, String value) {
        ObjectNode f = form();
        f.putObject("targetOptions").put(field, value);
        return f;
    }

    static HttpTestClient.Response post(String action, Object body) throws Exception {
        return http.sendJson("/api/wizard/" + action, body.toString());
    }

    static void assertNoPassword(String body) {
        assertThat(body).doesNotContain(SandboxPair.PASSWORD).doesNotContain("b0ard");
    }

    @Test
    void offersTheConsistencyChoicesInTheUsersWords() throws Exception {
        JsonNode choices = http.get("/api/wizard").json().path("consistency");
        assertThat(choices.get(0).path("value").asText()).isEqualTo("snapshot");
        assertThat(choices.get(0).path("label").asText())
                .isEqualTo("Enable transactional consistency");
        assertThat(choices.get(1).path("value").asText()).isEqualTo("read-only");
        assertThat(choices.get(1).path("label").asText()).isEqualTo("Make source server read only");
        assertThat(choices).hasSize(6);
    }

    @Test
    void offersTheDefinerChoicesInTheUsersWords() throws Exception {
        JsonNode choices = http.get("/api/wizard").json().path("definers");
        assertThat(choices).hasSize(4);
        assertThat(choices.get(0).path("value").asText()).isEqualTo("auto");
        assertThat(choices.findValuesAsText("value"))
                .containsExactly("auto", "current-user", "strip", "keep");
        assertThat(choices.get(2).path("description").asText()).contains("SQL SECURITY INVOKER");
    }

    /**
     * The managed-target options reach the run: a table left out is neither checked nor copied, and
     * an account pattern that selects nobody is named by preflight.
     */
    @Test
    void targetOptionsShapePreflightAndTheRun() throws Exception {
        servers.createDatabase("wiz_opts", 2, 30);
        ObjectNode f = form();
        f.putArray("databases").add("wiz_opts");
        f.putObject("targetOptions")
                .put("definers", "current-user")
                .put("forceInnodb", true)
                .put("users", "nobody_like_this_*")
                .put("excludeTables", "wiz_opts.t2");
        HttpTestClient.Response r = post("preflight", f);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode accounts = null;
        for (JsonNode c : r.json().path("checks")) {
            if (c.path("name").asText().equals("accounts")) {
                accounts = c;
            }
        }
        assertThat(accounts).as(r.body()).isNotNull();
        assertThat(accounts.path("level").asText()).isEqualTo("WARN");
        assertThat(accounts.path("detail").asText()).contains("nobody_like_this_*");
        HttpTestClient.Response started = post("start", f);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().path("runId").asText();
        JsonNode run = null;
        for (int i = 0; i < 600; i++) {
            run = http.get("/api/runs/" + runId).json();
            if (run.path("phase").asText().equals("DONE")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.path("rows").asLong()).as("only t1 copied").isEqualTo(30);
    }

    @Test
    void listsTheSourceDatabasesWithSizes() throws Exception {
        HttpTestClient.Response r = post("databases", form());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode db = null;
        for (JsonNode d : r.json().path("databases")) {
            if (d.path("name").asText().equals("wiz_shop")) {
                db = d;
            }
            assertThat(d.path("name").asText())
                    .isNotIn("mysql", "sys", "information_schema", "performance_schema");
        }
        assertThat(db).isNotNull();
        assertThat(db.path("tables").asInt()).isEqualTo(2);
        assertThat(db.path("bytes").asLong()).isPositive();
        assertNoPassword(r.body());
    }

    @Test
    void wrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
        ObjectNode f = form();
        ((ObjectNode) f.path("source")).put("password", "Wr0ng-" + SandboxPair.PASSWORD);
        for (String action : new String[] {"databases", "preflight"}) {
            HttpTestClient.Response r = post(action, f);
            assertThat(r.status()).as(action).isEqualTo(422);
            assertThat(r.json().path("error").path("message").asText())
                    .as(action)
                    .contains("authentication failed");
            assertNoPassword(r.body());
        }
    }

    @Test
    void runsPreflight() throws Exception {
        HttpTestClient.Response r = post("preflight", form());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("failed").asBoolean()).as(r.body()).isFalse();
        assertThat(r.json().path("checks").size()).isGreaterThan(3);
        assertNoPassword(r.body());
        ObjectNode unknown = form();
        unknown.putArray("databases").add("no_such_db");
        JsonNode refused = post("preflight", unknown).json();
        assertThat(refused.path("failed").asBoolean()).isTrue();
        assertThat(refused.toString()).contains("no_such_db");
    }

    @Test
    void startsAMigrationWhoseStateHoldsNoPassword() throws Exception {
        ObjectNode f = form();
        servers.createDatabase("wiz_start", 1, 120);
        f.putArray("databases").add("wiz_start");
        HttpTestClient.Response r = post("start", f);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String runId = r.json().path("runId").asText();
        JsonNode run = null;
        for (int i = 0; i < 600; i++) {
            run = http.get("/api/runs/" + runId).json();
            if (run.path("phase").asText().equals("DONE")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.path("rows").asLong()).isEqualTo(120);
        assertThat(run.path("source").asText()).contains("app:***@");
        assertNoPassword(run.toString());
        assertNoPassword(http.get("/api/runs").body());
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(stateDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.add(p.toString());
                assertNoPassword(Files.readString(p));
            }
        }
        assertThat(files).anyMatch(p -> p.endsWith("state.json"));
    }

    @Test
    void malformedFormsAreClear4xxErrors() throws Exception {
        Object[][] cases = {
            {"preflight", "not json", 400, "not valid JSON"},
            {"preflight", "[1, 2]", 400, "must be a JSON object"},
            {"preflight", "{}", 400, "source is required"},
            {"preflight", form().put("threads", "abc"), 400, "threads must be a whole number"},
            {"preflight", form().put("threads", 0), 400, "between 1 and 256"},
            {
                "preflight",
                form().put("consistency", "bogus"),
                400,
                "unknown consistency mode 'bogus'"
            },
            {"preflight", form().put("databases", "wiz_shop"), 400, "databases must be a list"},
            {"preflight", form().putNull("databases"), 400, "select at least one database"},
            {"preflight", form().put("targetOptions", 3), 400, "targetOptions must be an object"},
            {
                "preflight",
                withTargetOption("definers", "bogus"),
                400,
                "--definers must be keep, current-user, strip or auto"
            },
            {"preflight", withTargetOption("collationMap", "nope"), 400, "FROM=TO"},
            {"preflight", withTargetOption("excludeTables", "nodot"), 400, "nodot"},
            {"start", form().put("source", "x"), 400, "source is required"},
            {
                "databases",
                form().set("source", new ObjectMapper().createObjectNode().put("url", "http://x")),
                400,
                "must start with mysql://"
            },
            {
                "databases",
                form().set("source", new ObjectMapper().createObjectNode().put("url", 5)),
                400,
                "source.url must be a string"
            },
            {"nothing", "{}", 404, "no such endpoint"},
            {"preflight", "{\"pad\": \"" + "x".repeat(70_000) + "\"}", 413, "larger than"},
        };
        for (Object[] c : cases) {
            HttpTestClient.Response r = post((String) c[0], c[1]);
            assertThat(r.status()).as(c[0] + " " + abbreviate(c[1])).isEqualTo(c[2]);
            assertThat(r.json().path("error").path("message").asText())
                    .as(abbreviate(c[1]))
                    .contains((String) c[3]);
            assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
            assertNoPassword(r.body());
        }
        HttpTestClient.Response plain = http.send("POST", "/api/wizard/start", form().toString());
        assertThat(plain.status()).isEqualTo(415);
        assertThat(http.get("/api/wizard/start").status()).isEqualTo(405);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
