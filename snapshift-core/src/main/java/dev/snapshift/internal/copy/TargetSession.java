package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Settings of every target connection that writes copied data or schema. */
public final class TargetSession {
    /**
     * Strict, so a value the target cannot hold fails loudly instead of being truncated; zero and invalid dates
     * allowed, since the source holds them; 0 in an AUTO_INCREMENT column stays 0.
     */
    public static final String SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION";

    private TargetSession() {
    }

    public static Connection prepare(Connection c) throws SQLException {
        Jdbc.execute(c, "SET NAMES utf8mb4");
        Jdbc.execute(c, "SET time_zone = '+00:00', sql_mode = '" + SQL_MODE + "', foreign_key_checks = 0,"
                + " unique_checks = 0, net_read_timeout = 3600, net_write_timeout = 3600, wait_timeout = 86400");
        c.setAutoCommit(false);
        return c;
    }
}
