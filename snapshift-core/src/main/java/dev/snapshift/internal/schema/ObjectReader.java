package dev.snapshift.internal.schema;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the definitions of every view, routine, trigger and event of the selected databases on a
 * snapshot session, in the schema phase, so the finish phase needs no source connection at all.
 *
 * <p>The statements are read with {@code character_set_results = NULL}: the server then sends each
 * CREATE statement as it keeps it, in the object's own {@code character_set_client} (MySQL 5.7, 8.0
 * and MariaDB 11.4 alike; the column metadata claims utf8 regardless), and those bytes are what the
 * target gets back. And with an empty sql_mode: a view's text is written for the reading session's
 * mode (ANSI_QUOTES would make it use double quotes), and views are created under an empty one.
 * Both settings are restored; nothing here ends the snapshot's transaction.
 */
public final class ObjectReader {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectReader.class);

    private ObjectReader() {}

    /** Every view, routine, trigger and event of {@code databases}, database by database. */
    public static List<SchemaObject> read(Connection session, List<String> databases)
            throws SQLException {
        String results = Jdbc.scalar(session, "SELECT @@session.character_set_results");
        String mode = Jdbc.scalar(session, "SELECT @@session.sql_mode");
        Jdbc.execute(session, "SET character_set_results = NULL, sql_mode = ''");
        try {
            List<SchemaObject> out = new ArrayList<>();
            for (String db : databases) {
                out.addAll(readDatabase(session, db));
            }
            return out;
        } finally {
            Jdbc.execute(
                    session,
                    "SET character_set_results = "
                            + (results == null ? "NULL" : Sql.stringLiteral(results))
                            + ", sql_mode = "
                            + Sql.stringLiteral(mode));
        }
    }

    private static List<SchemaObject> readDatabase(Connection c, String db) throws SQLException {
        List<SchemaObject> out = new ArrayList<>();
        for (String[] r :
                Jdbc.query(
                        c,
                        "SELECT ROUTINE_TYPE, ROUTINE_NAME, DEFINER FROM information_schema.ROUTINES"
                                + " WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME",
                        ObjectReader::row,
                        db)) {
            ObjectKind kind = ObjectKind.ofRoutineType(r[0]);
            // Function|Procedure|Package, sql_mode, Create ..., character_set_client,
            // collation_connection,
            // Database Collation
            out.add(
                    show(
                            c,
                            kind,
                            db,
                            r[1],
                            null,
                            r[2],
                            null,
                            "SHOW CREATE " + kind.keyword() + " " + Sql.qualified(db, r[1]),
                            rs ->
                                    new Cols(
                                            rs.getString(2),
                                            null,
                                            3,
                                            rs.getString(4),
                                            rs.getString(5),
                                            rs.getString(6))));
        }
        for (String[] r :
                Jdbc.query(
                        c,
                        "SELECT TABLE_NAME, DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?"
                                + " ORDER BY TABLE_NAME",
                        ObjectReader::row,
                        db)) {
            // View, Create View, character_set_client, collation_connection
            out.add(
                    show(
                            c,
                            ObjectKind.VIEW,
                            db,
                            r[0],
                            null,
                            r[1],
                            null,
                            "SHOW CREATE VIEW " + Sql.qualified(db, r[0]),
                            rs -> new Cols("", null, 2, rs.getString(3), rs.getString(4), null)));
        }
        for (String[] r :
                Jdbc.query(
                        c,
                        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, DEFINER FROM information_schema.TRIGGERS"
                                + " WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION,"
                                + " ACTION_ORDER",
                        ObjectReader::row,
                        db)) {
            // Trigger, sql_mode, SQL Original Statement, character_set_client,
            // collation_connection, Database Collation
            out.add(
                    show(
                            c,
                            ObjectKind.TRIGGER,
                            db,
                            r[0],
                            r[1],
                            r[2],
                            null,
                            "SHOW CREATE TRIGGER " + Sql.qualified(db, r[0]),
                            rs ->
                                    new Cols(
                                            rs.getString(2),
                                            null,
                                            3,
                                            rs.getString(4),
                                            rs.getString(5),
                                            rs.getString(6))));
        }
        for (String[] r :
                Jdbc.query(
                        c,
                        "SELECT EVENT_NAME, DEFINER, STATUS FROM information_schema.EVENTS"
                                + " WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME",
                        ObjectReader::row,
                        db)) {
            // Event, sql_mode, time_zone, Create Event, character_set_client, collation_connection,
            // Database Collation
            out.add(
                    show(
                            c,
                            ObjectKind.EVENT,
                            db,
                            r[0],
                            null,
                            r[1],
                            r[2],
                            "SHOW CREATE EVENT " + Sql.qualified(db, r[0]),
                            rs ->
                                    new Cols(
                                            rs.getString(2),
                                            rs.getString(3),
                                            4,
                                            rs.getString(5),
                                            rs.getString(6),
                                            rs.getString(7))));
        }
        return out;
    }

    private static String[] row(ResultSet rs) throws SQLException {
        String[] r = new String[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rs.getString(i + 1);
        }
        return r;
    }

    /**
     * The columns of one SHOW CREATE row: everything but the statement, and where the statement is.
     */
    private record Cols(
            String sqlMode,
            String timeZone,
            int statementColumn,
            String client,
            String connection,
            String databaseCollation) {}

    @FunctionalInterface
    private interface ColsReader {
        Cols read(ResultSet rs) throws SQLException;
    }

    private static SchemaObject show(
            Connection c,
            ObjectKind kind,
            String db,
            String name,
            String table,
            String definer,
            String eventStatus,
            String sql,
            ColsReader cols)
            throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return unreadable(
                        kind,
                        db,
                        name,
                        table,
                        definer,
                        eventStatus,
                        "SHOW CREATE returned nothing");
            }
            Cols k = cols.read(rs);
            byte[] bytes = rs.getBytes(k.statementColumn());
            if (bytes == null) {
                // the server hides the body from a user who may not see it
                return unreadable(
                        kind,
                        db,
                        name,
                        table,
                        definer,
                        eventStatus,
                        "the source user may not read its"
                                + " definition (grant SHOW_ROUTINE on MySQL 8.0.20+, or SELECT on mysql.proc / the database)");
            }
            return new SchemaObject(
                    kind,
                    db,
                    name,
                    table,
                    new String(bytes, StandardCharsets.ISO_8859_1),
                    k.sqlMode() == null ? "" : k.sqlMode(),
                    k.timeZone(),
                    eventStatus,
                    k.client(),
                    k.connection(),
                    k.databaseCollation(),
                    definer,
                    null);
        } catch (SQLException e) {
            if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                throw e;
            }
            LOG.warn(
                    "cannot read {} {}.{} on the source: {}",
                    kind.label(),
                    db,
                    name,
                    MySqlErrors.describe(e));
            return unreadable(
                    kind,
                    db,
                    name,
                    table,
                    definer,
                    eventStatus,
                    "reading it on the source failed: " + MySqlErrors.describe(e));
        }
    }

    private static SchemaObject unreadable(
            ObjectKind kind,
            String db,
            String name,
            String table,
            String definer,
            String eventStatus,
            String why) {
        return new SchemaObject(
                kind, db, name, table, null, "", null, eventStatus, null, null, null, definer, why);
    }
}
