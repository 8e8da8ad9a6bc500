package dev.snapshift.app;

import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a real process, stopped with SIGTERM in the middle of a read-only migration: the source must be left
 * exactly as found (read_only and super_read_only back to OFF, none of our connections left, writes flowing).
 */
class SignalIntegrationTest {
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

    @Test
    void sigtermMidCopyRestoresReadOnlyAndLeavesNoConnections() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "migrate", "--source", source.url(), "--target", target.url(), "--databases", "big",
                "--consistency", "read-only", "--threads", "1", "--chunk-rows", "500");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        boolean copying = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                if (line.contains("binlog position: binlog.")) {
                    copying = true;
                    break;
                }
            }
            assertThat(copying).as("the migration started copying: %s", output).isTrue();
            assertThat(readOnly()).as("source is read-only during the copy").containsOnly("ON");
            p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended after SIGTERM").isTrue();
            while ((line = r.readLine()) != null) {
                output.add(line);
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isNotZero();
        assertThat(readOnly()).as("read_only and super_read_only restored; output: %s", output).containsOnly("OFF");
        assertThat(otherConnections()).as("connections left on the source").isZero();
        source.execute("CREATE TABLE big.after_sigterm (id INT PRIMARY KEY)", "INSERT INTO big.after_sigterm VALUES (1)");
    }

    static List<String> readOnly() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = source.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')")) {
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
            try (Connection c = source.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
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
