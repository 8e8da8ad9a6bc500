package dev.snapshift.internal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Product and version of a server, read once. */
public record ServerInfo(String version, boolean mariaDb, int major, int minor, int patch) {

    public static ServerInfo read(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            return parse(rs.getString(1));
        }
    }

    public static ServerInfo parse(String version) {
        boolean maria = version.toLowerCase().contains("mariadb");
        String v = version;
        // MariaDB 10.x once reported "5.5.5-10.x.y-MariaDB"
        if (maria && v.startsWith("5.5.5-")) {
            v = v.substring(6);
        }
        String[] parts = v.split("[^0-9]+", 4);
        return new ServerInfo(version, maria, num(parts, 0), num(parts, 1), num(parts, 2));
    }

    private static int num(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean atLeast(int maj, int min, int pat) {
        if (major != maj) {
            return major > maj;
        }
        if (minor != min) {
            return minor > min;
        }
        return patch >= pat;
    }

    /** MySQL 8.2 renamed SHOW MASTER STATUS; MariaDB keeps the old name. */
    public boolean hasBinaryLogStatus() {
        return !mariaDb && atLeast(8, 2, 0);
    }

    public String product() {
        return (mariaDb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
