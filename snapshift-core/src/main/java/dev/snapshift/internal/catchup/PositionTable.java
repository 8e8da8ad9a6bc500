package dev.snapshift.internal.catchup;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where the catch-up keeps its applied position on the target: one row per run in {@code
 * snapshift.catchup_position}, updated in the same transaction as the rows it applied, so that the
 * target itself says exactly which source transactions it holds — a restart after any failure
 * (SIGKILL included) reads it and goes on from there, never applying a transaction twice nor
 * skipping one. Dropped at the end of the cutover (the schema too, once no run uses it).
 */
final class PositionTable {
    static final String SCHEMA = "snapshift";
    static final String TABLE = "catchup_position";
    static final String QUALIFIED = Sql.qualified(SCHEMA, TABLE);

    private final String runId;

    PositionTable(String runId) {
        this.runId = runId;
    }

    /** What the target says was applied last. */
    record Stored(BinlogPosition position, String gtid, long eventTimeMillis, boolean ddlPending) {}

    /**
     * Creates the schema and table when missing, and this run's row at {@code start} when it has
     * none yet (a run going on keeps its row). Commits.
     */
    void init(Connection c, BinlogPosition start) throws SQLException {
        Jdbc.execute(c, "CREATE DATABASE IF NOT EXISTS " + Sql.quote(SCHEMA));
        Jdbc.execute(
                c,
                "CREATE TABLE IF NOT EXISTS "
                        + QUALIFIED
                        + " (run_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                        + " binlog_file VARCHAR(512) NOT NULL,"
                        + " binlog_position BIGINT UNSIGNED NOT NULL,"
                        + " gtid VARCHAR(512) NOT NULL DEFAULT '',"
                        + " event_time_ms BIGINT NOT NULL DEFAULT 0,"
                        + " ddl_pending TINYINT NOT NULL DEFAULT 0,"
                        + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))"
                        + " ENGINE=InnoDB");
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT IGNORE INTO "
                                + QUALIFIED
                                + " (run_id, binlog_file, binlog_position) VALUES (?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, start.file());
            ps.setLong(3, start.position());
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    Optional<Stored> read(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT binlog_file, binlog_position, gtid, event_time_ms, ddl_pending FROM "
                                + QUALIFIED
                                + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Stored(
                                new BinlogPosition(rs.getString(1), rs.getLong(2)),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getInt(5) != 0));
            }
        }
    }

    /**
     * The statement that records {@code position} as applied: part of the transaction of the rows
     * that got there. Literals only, for a multi-statement batch.
     */
    String update(BinlogPosition position, String gtid, long eventTimeMillis, boolean ddlPending) {
        return "UPDATE "
                + QUALIFIED
                + " SET binlog_file = "
                + Sql.stringLiteral(position.file())
                + ", binlog_position = "
                + position.position()
                + ", gtid = "
                + Sql.stringLiteral(gtid == null ? "" : gtid)
                + ", event_time_ms = "
                + eventTimeMillis
                + ", ddl_pending = "
                + (ddlPending ? 1 : 0)
                + ", updated_at = CURRENT_TIMESTAMP(6) WHERE run_id = "
                + Sql.stringLiteral(runId);
    }

    /**
     * Removes this run's row; the table and the schema go too once nothing else is in them.
     * Autocommit.
     */
    void drop(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + QUALIFIED + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        if ("0".equals(Jdbc.scalar(c, "SELECT COUNT(*) FROM " + QUALIFIED))) {
            Jdbc.execute(c, "DROP TABLE IF EXISTS " + QUALIFIED);
        }
        String others =
                Jdbc.scalar(
                        c,
                        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                        SCHEMA);
        if ("0".equals(others)) {
            Jdbc.execute(c, "DROP DATABASE IF EXISTS " + Sql.quote(SCHEMA));
        }
    }
}
