package dev.snapshift.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract against real servers: exit codes, messages, the report, and bad input. */
class CliIntegrationTest {
    static SandboxServer source;
    static SandboxServer target;
    static final AtomicInteger IDS = new AtomicInteger();
    static final String PASSWORD = "S3cret!pa:ss@word";

    @BeforeAll
    static void start() throws Exception {
        stateDir = Files.createTempDirectory("snapshift-cli-state");
        source = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(11));
        target = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(12));
        source.createUser("app", PASSWORD, "ALL ON *.*");
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    static Path stateDir;

    static CliRun cli(String... args) {
        if (args.length > 0 && args[0].equals("migrate")) {
            String[] withState = java.util.Arrays.copyOf(args, args.length + 2);
            withState[args.length] = "--state-dir";
            withState[args.length + 1] = stateDir.toString();
            args = withState;
        }
        return CliRun.of(args);
    }

    static String db(String prefix) throws Exception {
        String db = prefix + "_" + IDS.incrementAndGet();
        source.execute("CREATE DATABASE `" + db + "`", "CREATE TABLE `" + db + "`.items (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO `" + db + "`.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        return db;
    }

    static String encodedPasswordUrl(SandboxServer s) {
        return "mysql://app:" + java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8) + "@"
                + s.host() + ":" + s.port();
    }

    @Test
    void migratesWritesTheReportAndNeverShowsThePassword(@TempDir Path dir) throws Exception {
        String db = db("shop");
        Path report = dir.resolve("report.json");
        CliRun r = cli("migrate", "--source", encodedPasswordUrl(source), "--target", target.url(), "--databases", db,
                "--threads", "2", "--report", report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("binlog position: " + ProgressPrinter.WAITING).contains("Migration COMPLETED")
                .contains("CHANGE MASTER TO").contains(db + ".items: Completed");
        String json = Files.readString(report);
        assertThat(r.out() + r.err() + json).doesNotContain("S3cret").doesNotContain("pa:ss");
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(n.path("consistency").asText()).isEqualTo("SNAPSHOT");
        assertThat(n.path("binlog").path("file").asText()).startsWith("binlog.");
        assertThat(n.path("binlog").path("position").asLong()).isPositive();
        assertThat(n.path("lock").path("heldMillis").isNumber()).isTrue();
        assertThat(n.path("lock").path("waitMillis").isNumber()).isTrue();
        JsonNode table = n.path("databases").get(0).path("tables").get(0);
        assertThat(n.path("databases").get(0).path("name").asText()).isEqualTo(db);
        assertThat(table.path("name").asText()).isEqualTo("items");
        assertThat(table.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(table.path("rows").asLong()).isEqualTo(3);
        assertThat(table.path("retries").asInt()).isZero();
        assertThat(count(target, db, "items")).isEqualTo(3);
    }

    @Test
    void wrongPasswordIsAConnectionError() throws Exception {
        String db = db("pw");
        CliRun r = cli("migrate", "--source", "mysql://app:wrong@" + source.host() + ":" + source.port(),
                "--target", target.url(), "--databases", db);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("authentication failed for source app@").contains("check the user and password");
        assertThat(databaseExists(target, db)).isFalse();
    }

    @Test
    void unreachablePortIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = cli("migrate", "--source", source.url(), "--target", "mysql://root@127.0.0.1:" + port, "--databases", "x");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("cannot connect to target root@127.0.0.1:" + port);
    }

    @Test
    void unknownDatabaseIsAPreflightRefusal() throws Exception {
        CliRun r = cli("migrate", "--source", source.url(), "--target", target.url(), "--databases", "no_such_db");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("unknown database(s) on the source: no_such_db");
        assertThat(databaseExists(target, "no_such_db")).isFalse();
    }

    @Test
    void nonEmptyTargetIsRefusedAndLeftUntouched() throws Exception {
        String db = db("busy");
        String other = db("other");
        target.execute("CREATE DATABASE `" + db + "`", "CREATE TABLE `" + db + "`.items (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO `" + db + "`.items VALUES (42, 'mine')");
        CliRun r = cli("migrate", "--source", source.url(), "--target", target.url(), "--databases", other + "," + db);
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("already holds 1 of the selected tables (" + db + ".items)").contains("nothing was written");
        assertThat(count(target, db, "items")).isEqualTo(1);
        assertThat(databaseExists(target, other)).as("nothing of the other database was written").isFalse();
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(cli("migrate", "--source", source.url()).code()).isEqualTo(2);
        CliRun threads = cli("migrate", "--source", source.url(), "--target", target.url(), "--threads", "0");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).contains("--threads must be between 1 and 256");
        CliRun duration = cli("migrate", "--source", source.url(), "--target", target.url(), "--lock-wait-timeout", "soon");
        assertThat(duration.code()).isEqualTo(2);
        assertThat(duration.err()).contains("not a duration");
        CliRun url = cli("migrate", "--source", "http://x", "--target", target.url());
        assertThat(url.code()).isEqualTo(2);
        assertThat(url.err()).contains("must start with mysql://");
        assertThat(cli("frobnicate").code()).isEqualTo(2);
    }

    static long count(SandboxServer s, String db, String table) throws Exception {
        try (Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean databaseExists(SandboxServer s, String db) throws Exception {
        try (Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
