package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every flavor starts from its Maven artifact, reports its version, has a binary log, and leaves
 * nothing behind.
 */
class FlavorStartIT {

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void startsQueriesAndStops(Flavor flavor) throws Exception {
        SandboxServer server = SandboxServer.start(flavor);
        long pid;
        try (server) {
            pid = server.pid();
            assertThat(ProcessHandle.of(pid))
                    .hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
            assertThat(server.url()).isEqualTo("mysql://root@127.0.0.1:" + server.port());
            assertThat(server.baseDir().resolve("bin")).isDirectory();
            try (Connection c = server.connect();
                    Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT VERSION(), @@log_bin, @@server_id, @@binlog_format")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith(flavor.version());
                assertThat(rs.getString(1).contains("MariaDB")).isEqualTo(flavor.isMariaDb());
                assertThat(rs.getInt(2)).as("log_bin").isEqualTo(1);
                assertThat(rs.getInt(3)).isEqualTo(server.options().serverId());
                assertThat(rs.getString(4)).isEqualTo("ROW");
            }
            server.execute(
                    "CREATE DATABASE shop",
                    "CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO shop.t VALUES (1, 'a')");
            try (Connection c = server.connect("shop");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT v FROM t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("a");
            }
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true));
        assertThat(Files.exists(server.dataDir())).isFalse();
        server.close(); // idempotent
    }
}
