package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Servers copied from the same data directory template are still distinct servers: own UUID, own
 * server id, own port, and one can replicate from the other.
 */
class ServerIdentityIT {

    @Test
    void twoServersOfOneFlavorAreDistinctAndCanReplicate() throws Exception {
        try (SandboxServer source = SandboxServer.start(Flavor.MYSQL_8_0_15);
                SandboxServer replica = SandboxServer.start(Flavor.MYSQL_8_0_15)) {
            assertThat(source.port()).isNotEqualTo(replica.port());
            assertThat(source.dataDir()).isNotEqualTo(replica.dataDir());
            assertThat(query(source, "SELECT @@server_uuid"))
                    .isNotEqualTo(query(replica, "SELECT @@server_uuid"));
            assertThat(query(source, "SELECT @@server_id"))
                    .isNotEqualTo(query(replica, "SELECT @@server_id"));

            source.createUser("repl", "repl-Secret-1", "REPLICATION SLAVE ON *.*");
            String file;
            long position;
            try (Connection c = source.connect();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                file = rs.getString("File");
                position = rs.getLong("Position");
            }
            source.execute(
                    "CREATE DATABASE r",
                    "CREATE TABLE r.t (id INT PRIMARY KEY)",
                    "INSERT INTO r.t VALUES (42)");
            replica.execute(
                    "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT="
                            + source.port()
                            + ", MASTER_USER='repl', MASTER_PASSWORD='repl-Secret-1', MASTER_LOG_FILE='"
                            + file
                            + "', MASTER_LOG_POS="
                            + position
                            + ", GET_MASTER_PUBLIC_KEY=1",
                    "START SLAVE");
            long deadline = System.nanoTime() + 30_000_000_000L;
            String value = null;
            while (System.nanoTime() < deadline && value == null) {
                try {
                    value = query(replica, "SELECT id FROM r.t");
                } catch (SQLException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(value)
                    .as("replicated row; replica status: %s", slaveStatus(replica))
                    .isEqualTo("42");
            replica.execute("STOP SLAVE");
        }
    }

    private static String query(SandboxServer server, String sql) throws SQLException {
        try (Connection c = server.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String slaveStatus(SandboxServer server) throws SQLException {
        try (Connection c = server.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next()
                    ? rs.getString("Last_IO_Error") + " / " + rs.getString("Last_SQL_Error")
                    : "none";
        }
    }
}
