package dev.snapshift.it;

import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection on a real server: finds connections by what they do and kills them with KILL
 * CONNECTION.
 */
final class Killer implements AutoCloseable {
    private final SandboxServer server;
    private final Thread thread;
    private final AtomicInteger kills = new AtomicInteger();
    private volatile boolean running = true;

    /**
     * Polls every few milliseconds and kills, up to {@code max} times, a connection running a
     * statement like {@code infoLike}.
     */
    Killer(SandboxServer server, String infoLike, int max) {
        this.server = server;
        this.thread =
                new Thread(
                        () -> {
                            try (Connection c = server.connect();
                                    Statement st = c.createStatement()) {
                                while (running && kills.get() < max) {
                                    List<Long> ids = new ArrayList<>();
                                    try (ResultSet rs =
                                            st.executeQuery(
                                                    "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                                                            + " AND INFO LIKE '"
                                                            + infoLike.replace("'", "''")
                                                            + "'")) {
                                        while (rs.next()) {
                                            ids.add(rs.getLong(1));
                                        }
                                    }
                                    if (!ids.isEmpty()) {
                                        kill(st, ids.get(0));
                                        kills.incrementAndGet();
                                    }
                                    Thread.sleep(3);
                                }
                            } catch (SQLException | InterruptedException e) {
                                if (running) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        },
                        "test-killer");
        thread.setDaemon(true);
        thread.start();
    }

    int kills() {
        return kills.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }

    private static void kill(Statement st, long id) throws SQLException {
        try {
            st.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) { // unknown thread: gone meanwhile
                throw e;
            }
        }
    }

    /**
     * The snapshot sessions of a migration: the connections whose {@code snapshift_role} is {@code
     * source-session-N}. Never empty: a hook that finds none is a test that would silently kill
     * nothing. Not information_schema.INNODB_TRX: InnoDB serves that table from a cache refreshed
     * at most every 100 ms, and snapshift reads it while it waits for the global read lock, so a
     * read right after the snapshot may still show the moment before the sessions started.
     */
    static List<Long> snapshotSessions(SandboxServer s) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT PROCESSLIST_ID FROM performance_schema.session_connect_attrs"
                                        + " WHERE ATTR_NAME = 'snapshift_role'"
                                        + " AND ATTR_VALUE LIKE 'source-session-%'"
                                        + " ORDER BY PROCESSLIST_ID")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException(
                    "no snapshot session (snapshift_role source-session-N)");
        }
        return ids;
    }

    /**
     * The connection snapshift opened for {@code role} (its connection attribute {@code
     * snapshift_role}, e.g. {@code source-session-1}, {@code source-coordinator}, {@code
     * source-probe}); the newest when there are several. Needs performance_schema (MySQL).
     */
    static long byRole(SandboxServer s, String role) throws SQLException {
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT PROCESSLIST_ID FROM performance_schema.session_connect_attrs WHERE ATTR_NAME = 'snapshift_role'"
                                        + " AND ATTR_VALUE = '"
                                        + role.replace("'", "''")
                                        + "' ORDER BY PROCESSLIST_ID DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no connection with snapshift_role " + role);
            }
            return rs.getLong(1);
        }
    }

    static void killRole(SandboxServer s, String role) throws SQLException {
        killAll(s, List.of(byRole(s, role)));
    }

    static int killAll(SandboxServer s, List<Long> ids) throws SQLException {
        try (Connection c = s.connect();
                Statement st = c.createStatement()) {
            for (long id : ids) {
                kill(st, id);
            }
        }
        return ids.size();
    }
}
