package dev.snapshift.internal.schema;

import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a server can hold, read from its catalog: the storage engines it takes (supported and not
 * disabled) and the collations it knows. Used where a target shaped differently from the source is
 * checked (preflight), shaped for (the table shaper) and compared with (verify).
 */
public final class ServerCapabilities {
    private ServerCapabilities() {}

    /**
     * The engines the server creates tables with, upper case: supported, and not in {@code
     * disabled_storage_engines} (a managed database keeps InnoDB only).
     */
    public static Set<String> usableEngines(Connection c) throws SQLException {
        Set<String> usable = new HashSet<>();
        for (String e :
                Jdbc.query(
                        c,
                        "SELECT ENGINE FROM information_schema.ENGINES WHERE SUPPORT IN ('YES', 'DEFAULT')",
                        rs -> rs.getString(1))) {
            usable.add(e.toUpperCase(Locale.ROOT));
        }
        try {
            String disabled = Jdbc.scalar(c, "SELECT @@disabled_storage_engines");
            if (disabled != null) {
                for (String e : disabled.split(",")) {
                    usable.remove(e.trim().toUpperCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            // a server without the setting (MariaDB, older MySQL): every engine it supports
        }
        return usable;
    }

    /** The collations the server knows, lower case. */
    public static Set<String> collations(Connection c) throws SQLException {
        return new HashSet<>(
                Jdbc.query(
                        c,
                        "SELECT LOWER(COLLATION_NAME) FROM information_schema.COLLATIONS",
                        rs -> rs.getString(1)));
    }
}
