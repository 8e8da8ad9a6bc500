package dev.snapshift.it;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * For read-only mode: remembers the transfer counter when the snapshot is taken and checks, after
 * every chunk, that no write has landed on the source since (the load runs as root, so
 * super_read_only must stop it too).
 */
final class ReadOnlyWatch implements MigrationHooks {
    private final SandboxServer source;
    private final String db;
    private final List<String> violations = new ArrayList<>();
    private long atSnapshot = -1;
    private int checks;

    ReadOnlyWatch(SandboxServer source, String db) {
        this.source = source;
        this.db = db;
    }

    @Override
    public synchronized void reached(Checkpoint point, int session) throws Exception {
        if (point == Checkpoint.UNLOCKED) {
            atSnapshot = counter();
        } else if (point == Checkpoint.CHUNK_COMMITTED && atSnapshot >= 0) {
            checks++;
            long now = counter();
            if (now != atSnapshot) {
                violations.add("transfer counter moved from " + atSnapshot + " to " + now);
            }
        }
    }

    private long counter() throws SQLException {
        try (Connection c = source.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT n FROM `" + db + "`.transfer_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized int checks() {
        return checks;
    }

    /**
     * @@global.read_only and, where it exists, @@global.super_read_only.
     */
    static List<String> readOnlyFlags(SandboxServer s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'super_read_only')")) {
            while (rs.next()) {
                out.add("ON".equalsIgnoreCase(rs.getString(2)) ? "1" : "0");
            }
        }
        return out;
    }
}
