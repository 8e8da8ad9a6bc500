package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** GTID mode, authentication plugins and the binary log switch on MySQL 8.0. */
class MySql8FeaturesIT {

    @Test
    void gtidModeOn() throws Exception {
        try (SandboxServer server =
                SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_33).withGtid(true))) {
            server.execute(
                    "CREATE DATABASE g",
                    "CREATE TABLE g.t (id INT PRIMARY KEY)",
                    "INSERT INTO g.t VALUES (1)");
            try (Connection c = server.connect();
                    Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT @@gtid_mode, @@enforce_gtid_consistency, @@gtid_executed, @@server_uuid")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ON");
                assertThat(rs.getString(2)).isEqualTo("ON");
                assertThat(rs.getString(3)).startsWith(rs.getString(4) + ":1-");
            }
        }
    }

    @Test
    void cachingSha2ByDefaultAndNativeOnRequest() throws Exception {
        assertAuthPlugin(SandboxOptions.of(Flavor.MYSQL_8_0_15), "caching_sha2_password");
        assertAuthPlugin(
                SandboxOptions.of(Flavor.MYSQL_8_0_15).withNativePassword(true),
                "mysql_native_password");
    }

    private static void assertAuthPlugin(SandboxOptions options, String plugin)
            throws SQLException {
        try (SandboxServer server = SandboxServer.start(options)) {
            server.createUser("app", "app-Secret-1", "ALL ON *.*");
            try (Connection c = server.connect();
                    Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT user, plugin FROM mysql.user WHERE user IN ('root', 'app')"
                                            + " AND host IN ('127.0.0.1', '%')")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo(plugin);
                }
                assertThat(rows).isEqualTo(2);
            }
            try (Connection app =
                            DriverManager.getConnection(
                                    server.jdbcUrl(null), "app", "app-Secret-1");
                    Statement st = app.createStatement();
                    ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("app@%");
            }
            assertThatThrownBy(
                            () ->
                                    DriverManager.getConnection(
                                                    server.jdbcUrl(null), "app", "wrong")
                                            .close())
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void binaryLogCanBeOff() throws Exception {
        try (SandboxServer server =
                        SandboxServer.start(
                                SandboxOptions.of(Flavor.MYSQL_8_0_15).withLogBin(false));
                Connection c = server.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@log_bin")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
