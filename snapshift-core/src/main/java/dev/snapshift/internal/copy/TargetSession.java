package dev.snapshift.internal.copy;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Settings of every target connection that writes copied data or schema. */
public final class TargetSession {
    /**
     * Strict, so a value the target cannot hold fails loudly instead of being truncated; zero and
     * invalid dates allowed, since the source holds them; 0 in an AUTO_INCREMENT column stays 0.
     */
    public static final String SQL_MODE =
            "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION";

    private TargetSession() {}

    public static Connection prepare(Connection c) throws SQLException {
        return prepare(c, false);
    }

    /**
     * @param skipBinlog {@code sql_log_bin = 0}: what this session writes stays out of the target's
     *     binary log
     */
    public static Connection prepare(Connection c, boolean skipBinlog) throws SQLException {
        Jdbc.execute(c, "SET NAMES utf8mb4");
        Jdbc.execute(
                c,
                "SET time_zone = '+00:00', sql_mode = '"
                        + SQL_MODE
                        + "', foreign_key_checks = 0,"
                        + " unique_checks = 0, net_read_timeout = 3600, net_write_timeout = 3600, wait_timeout = 86400");
        if (skipBinlog) {
            Jdbc.execute(c, "SET sql_log_bin = 0");
        }
        c.setAutoCommit(false);
        return c;
    }

    /**
     * Makes {@code feed} the only thing this connection can send for LOAD DATA LOCAL INFILE. The
     * connection was opened restricted to an empty private folder (so nothing could be read while
     * connecting); the feed is installed first, and only then is the driver allowed to use an
     * in-memory stream, which it then always does: whatever file name a server asks for, it gets
     * the feed, never a file of this machine.
     */
    static void installFeed(Connection c, LocalInfileFeed feed) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.unwrap(JdbcStatement.class).setLocalInfileInputStream(feed);
        }
        JdbcConnection jc = c.unwrap(JdbcConnection.class);
        // the driver sends the data in packets of at most this size, and allocates one per load:
        // keep it a small,
        // movable object (this connection sends no large statement)
        jc.getPropertySet()
                .getIntegerProperty(PropertyKey.maxAllowedPacket)
                .setValue(LOAD_PACKET_BYTES);
        jc.getPropertySet().getBooleanProperty(PropertyKey.allowLoadLocalInfile).setValue(true);
    }

    /**
     * Packet size of LOAD DATA LOCAL data (and the largest statement a load connection may send).
     */
    static final int LOAD_PACKET_BYTES = 256 << 10;
}
