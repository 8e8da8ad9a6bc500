package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rows near max_allowed_packet (64 MB LONGBLOB and LONGTEXT values full of bytes LOAD DATA must
 * escape) copy in a JVM limited to a 256 MB heap: rows stream through bounded buffers and large-row
 * chunks wait for each other instead of piling up in memory.
 */
class LargeRowsIT {
    static final int MB64 = 64 << 20;

    @Test
    void sixtyFourMegabyteRowsCopyWithA256MegabyteHeap() throws Exception {
        // max_allowed_packet at MySQL 8.0's default, 64 MB: the largest row the source can send
        List<String> args = List.of("--max-allowed-packet=64M", "--innodb-redo-log-capacity=2G");
        try (SandboxServer source =
                        SandboxServer.start(
                                SandboxOptions.of(Flavor.MYSQL_8_0_33)
                                        .withServerId(301)
                                        .withExtraArgs(args));
                SandboxServer target =
                        SandboxServer.start(
                                SandboxOptions.of(Flavor.MYSQL_8_0_33)
                                        .withServerId(302)
                                        .withExtraArgs(args))) {
            String db = "big";
            source.execute(
                    "CREATE DATABASE big",
                    "CREATE TABLE big.blobs (id INT PRIMARY KEY, b LONGBLOB, t LONGTEXT CHARACTER SET utf8mb4, note VARCHAR(20))");
            // every value escapes: NUL, tab, backslash, newline, carriage return, and multi-byte
            // characters
            for (int id = 1; id <= 6; id++) {
                int text = id % 2 == 0 ? 4 << 20 : 0; // 4 Mi repeats of 'é', tab, backslash: 16 MB
                int blob = (MB64 - 4096 - 4 * text) / 6; // repeats of a 6-byte pattern
                source.execute(
                        "INSERT INTO big.blobs VALUES ("
                                + id
                                + ", "
                                + (id == 3 ? "NULL" : "REPEAT(UNHEX('00095C0A0D41'), " + blob + ")")
                                + ", "
                                + (text > 0 ? "REPEAT('é\\t\\\\', " + text + ")" : "NULL")
                                + ", 'row "
                                + id
                                + "')");
            }
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb =
                    new ProcessBuilder(
                            javaBin.toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            MigrateMain.class.getName(),
                            source.url(),
                            target.url(),
                            db,
                            "3");
            pb.environment().put("SNAPSHIFT_SOURCE_PASSWORD", source.rootPassword());
            pb.environment().put("SNAPSHIFT_TARGET_PASSWORD", target.rootPassword());
            pb.redirectErrorStream(true);
            File log = File.createTempFile("snapshift-large-rows", ".log");
            pb.redirectOutput(log);
            Process p = pb.start();
            try {
                assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("migration finished").isTrue();
            } finally {
                p.destroyForcibly();
            }
            String output = java.nio.file.Files.readString(log.toPath(), StandardCharsets.UTF_8);
            System.out.println(
                    output.lines()
                            .filter(l -> l.startsWith("status=") || l.startsWith("maxHeapMB="))
                            .toList());
            assertThat(p.exitValue()).as("exit code; output:%n%s", tail(output)).isZero();
            log.delete();
            try (Connection s = source.connect();
                    Connection t = target.connect()) {
                assertThat(rowHashes(t)).isEqualTo(rowHashes(s));
                assertThat(Long.parseLong(Jdbc.scalar(t, "SELECT MAX(LENGTH(b)) FROM big.blobs")))
                        .isGreaterThan(MB64 - 8192);
            }
        }
    }

    private static List<String> rowHashes(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        Jdbc.query(
                c,
                "SELECT id, LENGTH(b), SHA2(b, 256), LENGTH(t), SHA2(t, 256), note FROM big.blobs ORDER BY id",
                rs -> {
                    out.add(
                            rs.getString(1)
                                    + " "
                                    + rs.getString(2)
                                    + " "
                                    + rs.getString(3)
                                    + " "
                                    + rs.getString(4)
                                    + " "
                                    + rs.getString(5)
                                    + " "
                                    + rs.getString(6));
                    return null;
                });
        return out;
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
