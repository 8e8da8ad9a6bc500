package dev.snapshift.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source whose replica went away keeps its binlog dump thread until a heartbeat fails, and its
 * shutdown then waits 10 s for that thread. Killing those threads before stopping keeps a stop at
 * about a second.
 */
final class ReplicationDumpThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationDumpThreads.class);

    private ReplicationDumpThreads() {}

    /**
     * Kills the server's binlog dump threads. Best effort: a server that does not answer is left
     * alone.
     */
    static void kill(SandboxServer server) {
        String url = server.jdbcUrl(null) + "&connectTimeout=1000&socketTimeout=3000";
        try (Connection c =
                        DriverManager.getConnection(url, server.rootUser(), server.rootPassword());
                Statement st = c.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT ID FROM information_schema.PROCESSLIST"
                                    + " WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try {
                    st.execute("KILL " + id);
                } catch (SQLException gone) {
                    // it ended by itself meanwhile
                }
            }
        } catch (SQLException e) {
            LOG.debug("Could not look for binlog dump threads on {}: {}", server, e.toString());
        }
    }
}
