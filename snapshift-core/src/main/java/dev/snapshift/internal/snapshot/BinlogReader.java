package dev.snapshift.internal.snapshot;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the source's binary log coordinates. Call it only while writes are blocked. */
public final class BinlogReader {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(BinlogReader.class);

    private BinlogReader() {}

    /** The coordinates, or null when the source has no binary log. */
    public static BinlogCoordinates read(Connection c, ServerInfo server) {
        String sql = server.hasBinaryLogStatus() ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
        try {
            String file;
            long position;
            String gtid = "";
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    return null;
                }
                file = rs.getString("File");
                position = rs.getLong("Position");
                if (!server.mariaDb() && rs.getMetaData().getColumnCount() >= 5) {
                    gtid = nullToEmpty(rs.getString("Executed_Gtid_Set"));
                }
            }
            if (server.mariaDb()) {
                gtid = nullToEmpty(Jdbc.scalar(c, "SELECT @@global.gtid_binlog_pos"));
            }
            return new BinlogCoordinates(file, position, gtid.replace("\n", "").trim());
        } catch (SQLException e) {
            if (e.getErrorCode() == MySqlErrors.SPECIFIC_ACCESS_DENIED) {
                // the preflight warned already; the copy is still consistent, only without
                // coordinates
                LOG.warn(
                        "the source user may not read the binary log position, so there are no coordinates to start"
                                + " replication or CDC from: grant REPLICATION CLIENT (BINLOG MONITOR on MariaDB 10.5+) ({})",
                        MySqlErrors.describe(e));
                return null;
            }
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT, sql + " failed: " + MySqlErrors.describe(e), e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
