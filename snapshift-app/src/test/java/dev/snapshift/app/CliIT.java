package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line contract against real servers: exit codes, messages, the report, and bad input.
 */
class CliIT {
    static SandboxServer source;
    static SandboxServer target;
    static final AtomicInteger IDS = new AtomicInteger();
    static final String PASSWORD = "S3cret!pa:ss@word";

    @BeforeAll
    static void start() throws Exception {
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

    /**
     * Deleted by JUnit after the class (a directory made with createTempDirectory here stayed in
     * /tmp for ever).
     */
    @TempDir static Path stateDir;

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
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.items (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO `" + db + "`.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        return db;
    }

    static String encodedPasswordUrl(SandboxServer s) {
        return "mysql://app:"
                + java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8)
                + "@"
                + s.host()
                + ":"
                + s.port();
    }

    @Test
    void migratesWritesTheReportAndNeverShowsThePassword(@TempDir Path dir) throws Exception {
        String db = db("shop");
        Path report = dir.resolve("report.json");
        CliRun r =
                cli(
                        "migrate",
                        "--source",
                        encodedPasswordUrl(source),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--threads",
                        "2",
                        "--report",
                        report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("binlog position: " + ProgressPrinter.WAITING)
                .contains("Migration COMPLETED")
                .contains("CHANGE MASTER TO")
                .contains(db + ".items: Completed");
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
        CliRun r =
                cli(
                        "migrate",
                        "--source",
                        "mysql://app:wrong@" + source.host() + ":" + source.port(),
                        "--target",
                        target.url(),
                        "--databases",
                        db);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err())
                .contains("authentication failed for source app@")
                .contains("check the user and password");
        assertThat(databaseExists(target, db)).isFalse();
    }

    @Test
    void anUnwritableReportIsRefusedBeforeTheCopy(@TempDir Path dir) throws Exception {
        String db = db("report_first");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun r =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--report",
                        file.resolve("report.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the report to").contains("nothing was started");
        assertThat(databaseExists(target, db)).as("nothing copied").isFalse();
    }

    @Test
    void unreachablePortIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        "mysql://root@127.0.0.1:" + port,
                        "--databases",
                        "x");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("cannot connect to target root@127.0.0.1:" + port);
        assertThat(r.out())
                .as("no point in time was taken: nothing to say about the source's binary log")
                .doesNotContain("no binary log")
                .contains("no point in time was taken");
    }

    @Test
    void unknownDatabaseIsAPreflightRefusal() throws Exception {
        CliRun r =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        "no_such_db");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("unknown database(s) on the source: no_such_db");
        assertThat(r.out())
                .as("refused before the snapshot: the source's binary log is not in question")
                .doesNotContain("no binary log")
                .contains("binlog position: none (no point in time was taken)")
                .as("nothing was compared: not \"VERIFIED: all 0 chunk(s)\"")
                .contains("Verification: NOT VERIFIED: the run ended before it copied any table.")
                .doesNotContain("Verification: VERIFIED");
        assertThat(databaseExists(target, "no_such_db")).isFalse();
    }

    @Test
    void nonEmptyTargetIsRefusedAndLeftUntouched() throws Exception {
        String db = db("busy");
        String other = db("other");
        target.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.items (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO `" + db + "`.items VALUES (42, 'mine')");
        CliRun r =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        other + "," + db);
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err())
                .contains("already holds 1 of the selected tables (" + db + ".items)")
                .contains("nothing was written");
        assertThat(count(target, db, "items")).isEqualTo(1);
        assertThat(databaseExists(target, other))
                .as("nothing of the other database was written")
                .isFalse();
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(cli("migrate", "--source", source.url()).code()).isEqualTo(2);
        CliRun threads =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--threads",
                        "0");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).contains("--threads must be between 1 and 256");
        CliRun duration =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--lock-wait-timeout",
                        "soon");
        assertThat(duration.code()).isEqualTo(2);
        assertThat(duration.err()).contains("not a duration");
        CliRun url = cli("migrate", "--source", "http://x", "--target", target.url());
        assertThat(url.code()).isEqualTo(2);
        assertThat(url.err()).contains("must start with mysql://");
        assertThat(cli("frobnicate").code()).isEqualTo(2);
    }

    /** The LOCAL INFILE folders of migrations run in this JVM. */
    static java.util.List<Path> infileDirs() throws Exception {
        String mine = "snapshift-infile-" + ProcessHandle.current().pid() + "-";
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(mine)).toList();
        }
    }

    @Test
    void aMigrationLeavesNoTemporaryDirectoryBehindWhetherItSucceedsOrFails(@TempDir Path dir)
            throws Exception {
        java.util.List<Path> before = infileDirs();
        String db = db("tidy");
        CliRun done =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--quiet",
                        "--report",
                        dir.resolve("r.json").toString());
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(infileDirs())
                .as("after a migration that succeeded")
                .containsExactlyInAnyOrderElementsOf(before);

        CliRun refused =
                cli(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--quiet");
        assertThat(refused.code()).as("the target holds the tables now").isEqualTo(4);
        assertThat(infileDirs())
                .as("after a migration that failed")
                .containsExactlyInAnyOrderElementsOf(before);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("r.json");
        }
        assertThat(stateDir)
                .as("the run state lives in the test's own directory")
                .startsWith(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void aReportThatCannotBeWrittenAtTheEndStillLeavesTheCoordinatesOnScreen(@TempDir Path dir)
            throws Exception {
        String db = db("lost_report");
        Path reportDir = Files.createDirectory(dir.resolve("reports"));
        Path report = reportDir.resolve("report.json");
        dev.snapshift.api.MigrationConfig config =
                dev.snapshift.api.MigrationConfig.of(
                                dev.snapshift.api.ConnectionSpec.parse(
                                        "source", source.url(), null),
                                dev.snapshift.api.ConnectionSpec.parse(
                                        "target", target.url(), null),
                                java.util.List.of(db),
                                2)
                        .withStateDir(stateDir);
        // writable when the run starts; a file stands where its directory was by the time the copy
        // is done
        java.util.concurrent.atomic.AtomicBoolean replaced =
                new java.util.concurrent.atomic.AtomicBoolean();
        dev.snapshift.api.MigrationHooks replaceDirectoryByFile =
                (point, session) -> {
                    // planning threads reach PLANNING at once: only the first replaces it
                    if (point == dev.snapshift.api.Checkpoint.PLANNING
                            && replaced.compareAndSet(false, true)) {
                        Files.delete(reportDir);
                        Files.writeString(reportDir, "not a directory");
                    }
                };
        java.io.StringWriter out = new java.io.StringWriter();
        dev.snapshift.api.MigrationState state =
                MigrationRun.execute(
                        config,
                        replaceDirectoryByFile,
                        new java.io.PrintWriter(out, true),
                        true,
                        report);
        assertThat(state.status())
                .as(String.valueOf(state.error()))
                .isEqualTo(dev.snapshift.api.Status.COMPLETED);
        assertThat(ExitCodes.of(state)).as("the copy is complete").isZero();
        assertThat(out.toString())
                .contains("Migration COMPLETED")
                .contains(
                        "Snapshot binlog coordinates: file "
                                + state.binlog().file()
                                + ", position "
                                + state.binlog().position())
                .contains("CHANGE MASTER TO")
                .contains("Report NOT written: cannot write the report to " + report)
                .contains("the binlog coordinates included")
                .contains("Run ");
        assertThat(reportDir).as("still a file where the report's directory was").isRegularFile();
        assertThat(Files.exists(report)).isFalse();
    }

    static long count(SandboxServer s, String db, String table) throws Exception {
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean databaseExists(SandboxServer s, String db) throws Exception {
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                                        + db
                                        + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
