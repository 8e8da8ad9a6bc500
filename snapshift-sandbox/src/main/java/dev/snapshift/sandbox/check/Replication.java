package dev.snapshift.sandbox.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts replication on a target from given binlog coordinates of a source and waits until it
 * caught up: the strong proof that the coordinates a migration reported are exact. Works between
 * the sandbox's MySQL and MariaDB servers (both still speak {@code CHANGE MASTER TO}).
 */
public final class Replication {
    public static final String USER = "snapshift_repl";
    public static final String PASSWORD = "repl-Secret-1";

    private Replication() {}

    /** Creates the replication account on the source (idempotent). */
    public static void createUser(Connection source, boolean mariaDb) throws SQLException {
        try (Statement st = source.createStatement()) {
            st.execute(
                    mariaDb
                            ? "CREATE USER IF NOT EXISTS '"
                                    + USER
                                    + "'@'%' IDENTIFIED BY '"
                                    + PASSWORD
                                    + "'"
                            : "CREATE USER IF NOT EXISTS '"
                                    + USER
                                    + "'@'%' IDENTIFIED WITH mysql_native_password BY '"
                                    + PASSWORD
                                    + "'");
            st.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + USER + "'@'%'");
        }
    }

    /** {@code CHANGE MASTER TO ... MASTER_LOG_FILE, MASTER_LOG_POS} then {@code START SLAVE}. */
    public static void start(
            Connection replica, String sourceHost, int sourcePort, String file, long position)
            throws SQLException {
        try (Statement st = replica.createStatement()) {
            st.execute("STOP SLAVE");
            st.execute("RESET SLAVE ALL");
            st.execute(
                    "CHANGE MASTER TO MASTER_HOST='"
                            + sourceHost
                            + "', MASTER_PORT="
                            + sourcePort
                            + ", MASTER_USER='"
                            + USER
                            + "', MASTER_PASSWORD='"
                            + PASSWORD
                            + "', MASTER_LOG_FILE='"
                            + file.replace("'", "")
                            + "', MASTER_LOG_POS="
                            + position);
            st.execute("START SLAVE");
        }
    }

    /** The source's current binlog file and position. */
    public static Map.Entry<String, Long> sourcePosition(Connection source) throws SQLException {
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new IllegalStateException("the source has no binary log");
            }
            return Map.entry(rs.getString("File"), rs.getLong("Position"));
        }
    }

    /**
     * Waits until the replica executed everything up to the source's current position. Fails with
     * the replica's error as soon as one appears.
     */
    public static void awaitCaughtUp(Connection replica, Connection source, Duration timeout)
            throws SQLException, InterruptedException {
        Map.Entry<String, Long> target = sourcePosition(source);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = status(replica);
            String sqlError = status.getOrDefault("Last_SQL_Error", "");
            String ioError = status.getOrDefault("Last_IO_Error", "");
            if (!sqlError.isEmpty()) {
                throw new IllegalStateException("replication failed: " + sqlError);
            }
            if (target.getKey().equals(status.get("Relay_Master_Log_File"))
                    && Long.parseLong(status.getOrDefault("Exec_Master_Log_Pos", "0"))
                            >= target.getValue()) {
                return;
            }
            if (!ioError.isEmpty() && "No".equals(status.get("Slave_IO_Running"))) {
                throw new IllegalStateException("replication I/O failed: " + ioError);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "replica did not catch up with " + target + " within " + timeout + ": " + status);
    }

    public static Map<String, String> status(Connection replica) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement st = replica.createStatement();
                ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String v = rs.getString(i);
                    out.put(rs.getMetaData().getColumnLabel(i), v == null ? "" : v);
                }
            }
        }
        return out;
    }

    public static void stop(Connection replica) throws SQLException {
        try (Statement st = replica.createStatement()) {
            st.execute("STOP SLAVE");
            st.execute("RESET SLAVE ALL");
        }
    }
}
