package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI as a real process, stopped with SIGTERM in the middle of a read-only migration: the
 * source must be left exactly as found (read_only and super_read_only back to OFF, none of our
 * connections left, writes flowing).
 */
class SignalIT {
    static SandboxServer source;
    static SandboxServer target;

    @BeforeAll
    static void start() throws Exception {
        source = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(21));
        target = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(22));
        try (Connection c = source.connect()) {
            SampleData.createShop(c, "big", 150_000);
        }
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

    static Process cli(Path stateDir, String... extra) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName(),
                                "migrate",
                                "--source",
                                source.url(),
                                "--target",
                                target.url(),
                                "--databases",
                                "big",
                                "--threads",
                                "1",
                                "--chunk-rows",
                                "500",
                                "--state-dir",
                                stateDir.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the process's output until the snapshot is taken and the copy runs. */
    static List<String> untilCopying(BufferedReader r) throws Exception {
        List<String> output = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            output.add(line);
            if (line.contains("binlog position: binlog.")) {
                return output;
            }
        }
        throw new AssertionError("the migration never started copying: " + output);
    }

    @Test
    void sigkillMidCopyLeavesTheSourceCleanStatusExplainsAndTheTargetIsRefusedUntilCleaned(
            @org.junit.jupiter.api.io.TempDir Path state) throws Exception {
        Process p = cli(state);
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            untilCopying(r);
            Thread.sleep(300);
            p.destroyForcibly(); // SIGKILL: no hook runs
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(otherConnections()).as("connections left on the source").isZero();
        assertThat(infileDirs(p.pid()))
                .as("SIGKILL: the folder stays, until the next run sweeps it")
                .hasSize(1);
        source.execute(
                "INSERT INTO big.customers (id, name, created_at) VALUES (99999999, 'after kill', NOW())");

        java.io.StringWriter out = new java.io.StringWriter();
        int status =
                Main.run(
                        new java.io.PrintWriter(out, true),
                        new java.io.PrintWriter(new java.io.StringWriter(), true),
                        "status",
                        "--state-dir",
                        state.toString());
        assertThat(status).isZero();
        assertThat(out.toString()).contains("did not finish").contains("--clean-target");

        java.io.StringWriter err = new java.io.StringWriter();
        int again =
                Main.run(
                        new java.io.PrintWriter(new java.io.StringWriter(), true),
                        new java.io.PrintWriter(err, true),
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        "big",
                        "--state-dir",
                        state.toString());
        assertThat(again).isEqualTo(4);
        assertThat(err.toString()).contains("partial copy").contains("--clean-target");
        assertThat(infileDirs(p.pid())).as("swept by the next run: its process is gone").isEmpty();

        int cleaned =
                Main.run(
                        new java.io.PrintWriter(new java.io.StringWriter(), true),
                        new java.io.PrintWriter(new java.io.StringWriter(), true),
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        "big",
                        "--state-dir",
                        state.toString(),
                        "--clean-target");
        assertThat(cleaned).isZero();
        source.execute("DELETE FROM big.customers WHERE id = 99999999");
        target.execute("DELETE FROM big.customers WHERE id = 99999999");
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            dev.snapshift.sandbox.check.TableDigest.differences(
                                    dev.snapshift.sandbox.check.TableDigest.ofDatabase(s, "big"),
                                    dev.snapshift.sandbox.check.TableDigest.ofDatabase(t, "big")))
                    .isEmpty();
        }
        target.execute("DROP DATABASE big");
    }

    @Test
    void sigtermMidCopyRestoresReadOnlyAndLeavesNoConnections(
            @org.junit.jupiter.api.io.TempDir Path state) throws Exception {
        Process p = cli(state, "--consistency", "read-only");
        List<String> output;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            output = untilCopying(r);
            String line;
            assertThat(readOnly()).as("source is read-only during the copy").containsOnly("ON");
            p.toHandle()
                    .destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended after SIGTERM").isTrue();
            while ((line = r.readLine()) != null) {
                output.add(line);
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue())
                .as("SIGTERM: 128 + 15, as the README and --help say")
                .isEqualTo(143);
        assertThat(output)
                .as("the run ended cleanly and said so")
                .anyMatch(l -> l.contains("Migration FAILED"));
        assertThat(infileDirs(p.pid()))
                .as("the LOCAL INFILE folder is deleted on SIGTERM too")
                .isEmpty();
        assertThat(readOnly())
                .as("read_only and super_read_only restored; output: %s", output)
                .containsOnly("OFF");
        assertThat(otherConnections()).as("connections left on the source").isZero();
        source.execute(
                "CREATE TABLE big.after_sigterm (id INT PRIMARY KEY)",
                "INSERT INTO big.after_sigterm VALUES (1)",
                "DROP TABLE big.after_sigterm");
        target.execute("DROP DATABASE IF EXISTS big");
    }

    @Test
    void sigkillOfAReadOnlyRunIsRecordedStatusSaysSoAndRepairRestoresTheSource(
            @org.junit.jupiter.api.io.TempDir Path state) throws Exception {
        Process p = cli(state, "--consistency", "read-only");
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            untilCopying(r);
            assertThat(readOnly()).as("source is read-only during the copy").containsOnly("ON");
            p.destroyForcibly(); // SIGKILL: nothing restores read_only
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try {
            assertThat(readOnly())
                    .as("a killed read-only run leaves the source read-only")
                    .containsOnly("ON");
            String runId;
            try (var dirs = java.nio.file.Files.list(state)) {
                runId = dirs.map(d -> d.getFileName().toString()).findFirst().orElseThrow();
            }
            String status = cli("status", "--state-dir", state.toString());
            assertThat(status)
                    .contains("SOURCE WAS LEFT READ-ONLY")
                    .contains("read_only=ON (was OFF)")
                    .contains("snapshift status --repair " + runId)
                    .contains("SET GLOBAL super_read_only = OFF; SET GLOBAL read_only = OFF")
                    .doesNotContain("held ");
            String listed = cli("status", runId, "--state-dir", state.toString());
            assertThat(listed).contains("INTERRUPTED (SOURCE LEFT READ-ONLY)");

            java.io.StringWriter preflight = new java.io.StringWriter();
            int code =
                    Main.run(
                            new java.io.PrintWriter(preflight, true),
                            new java.io.PrintWriter(preflight, true),
                            "preflight",
                            "--source",
                            source.url(),
                            "--target",
                            target.url(),
                            "--databases",
                            "big");
            assertThat(preflight.toString())
                    .as("preflight exit %s", code)
                    .contains("source read_only")
                    .contains("read-only (read_only=ON");

            java.io.StringWriter err = new java.io.StringWriter();
            java.io.StringWriter out = new java.io.StringWriter();
            int repaired =
                    Main.run(
                            new java.io.PrintWriter(out, true),
                            new java.io.PrintWriter(err, true),
                            "status",
                            runId,
                            "--repair",
                            "--state-dir",
                            state.toString(),
                            "--source",
                            source.url());
            assertThat(repaired).as("repair: %s %s", out, err).isZero();
            assertThat(out.toString()).contains("SET GLOBAL read_only = OFF");
            assertThat(readOnly()).as("restored by --repair").containsOnly("OFF");
            assertThat(cli("status", runId, "--state-dir", state.toString()))
                    .doesNotContain("LEFT READ-ONLY");
            java.io.StringWriter again = new java.io.StringWriter();
            assertThat(
                            Main.run(
                                    new java.io.PrintWriter(again, true),
                                    new java.io.PrintWriter(again, true),
                                    "status",
                                    runId,
                                    "--repair",
                                    "--state-dir",
                                    state.toString(),
                                    "--source",
                                    source.url()))
                    .isZero();
            assertThat(again.toString()).contains("nothing to restore");
        } finally {
            source.execute("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
            target.execute("DROP DATABASE IF EXISTS big");
        }
    }

    @Test
    void preflightRefusesAReadOnlyTarget() throws Exception {
        target.execute("SET GLOBAL super_read_only = ON");
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            int code =
                    Main.run(
                            new java.io.PrintWriter(out, true),
                            new java.io.PrintWriter(out, true),
                            "preflight",
                            "--source",
                            source.url(),
                            "--target",
                            target.url(),
                            "--databases",
                            "big");
            assertThat(code).as("%s", out).isEqualTo(4);
            assertThat(out.toString()).contains("target read_only").contains("super_read_only=ON");
        } finally {
            target.execute("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
        }
    }

    /** The LOCAL INFILE folders of process {@code pid} (named snapshift-infile-PID-...). */
    static List<Path> infileDirs(long pid) throws Exception {
        try (var dirs = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(
                            d ->
                                    d.getFileName()
                                            .toString()
                                            .startsWith("snapshift-infile-" + pid + "-"))
                    .toList();
        }
    }

    /** Runs the CLI in this JVM; returns what it printed (stdout and stderr). */
    static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(out, true), args);
        return out.toString();
    }

    static List<String> readOnly() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = source.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')")) {
            while (rs.next()) {
                out.add(rs.getString(2));
            }
        }
        return out;
    }

    /** Client connections other than this one (the server reaps killed ones within moments). */
    static long otherConnections() throws Exception {
        long n = -1;
        for (int i = 0; i < 50; i++) {
            try (Connection c = source.connect();
                    Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND USER <> 'event_scheduler'"
                                            + " AND COMMAND <> 'Daemon'")) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n == 0) {
                return 0;
            }
            Thread.sleep(100);
        }
        return n;
    }
}
