package dev.snapshift.internal.schema;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Views, routines, triggers and events: read inside the snapshot, created on the target after the data is in
 * (triggers must not fire during the load, views need their tables). Each is created with its own sql_mode and with
 * its DEFINER when the target user may set it, else as the target user (reported).
 */
public final class SchemaObjects {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaObjects.class);
    private static final Pattern DEFINER = Pattern.compile("DEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`\\s+");

    /** One object: its kind (VIEW, PROCEDURE, FUNCTION, TRIGGER, EVENT), name, sql_mode and CREATE statement. */
    public record Definition(String kind, String name, String sqlMode, String create) { }

    private SchemaObjects() {
    }

    /** Every view, routine, trigger and event of a database, in the order they must be created. */
    public static List<Definition> read(Connection c, String db) throws SQLException {
        List<Definition> out = new ArrayList<>();
        for (String v : Jdbc.query(c, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
                rs -> rs.getString(1), db)) {
            out.add(Jdbc.query(c, "SHOW CREATE VIEW " + Sql.qualified(db, v), rs -> new Definition("VIEW", v, "", rs.getString(2))).get(0));
        }
        for (String[] r : Jdbc.query(c, "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"
                + " ORDER BY ROUTINE_TYPE, ROUTINE_NAME", rs -> new String[]{rs.getString(1), rs.getString(2)}, db)) {
            out.add(Jdbc.query(c, "SHOW CREATE " + r[0] + " " + Sql.qualified(db, r[1]),
                    rs -> new Definition(r[0], r[1], rs.getString(2), rs.getString(3))).get(0));
        }
        for (String t : Jdbc.query(c, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                + " ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER", rs -> rs.getString(1), db)) {
            out.add(Jdbc.query(c, "SHOW CREATE TRIGGER " + Sql.qualified(db, t),
                    rs -> new Definition("TRIGGER", t, rs.getString(2), rs.getString(3))).get(0));
        }
        for (String e : Jdbc.query(c, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME",
                rs -> rs.getString(1), db)) {
            out.add(Jdbc.query(c, "SHOW CREATE EVENT " + Sql.qualified(db, e),
                    rs -> new Definition("EVENT", e, rs.getString(3), rs.getString(4))).get(0));
        }
        return out;
    }

    /**
     * Creates the objects in {@code db} on the target. Views may depend on views: failures are retried while others
     * succeed. Events are created disabled: they would otherwise run on the target as well as on the source until
     * cutover. Returns notes for the report (objects created without their definer).
     */
    public static List<String> create(Connection target, String db, List<Definition> objects) throws SQLException {
        List<String> notes = new ArrayList<>();
        Jdbc.execute(target, "USE " + Sql.quote(db));
        String mode = Jdbc.scalar(target, "SELECT @@session.sql_mode");
        List<Definition> pending = new ArrayList<>(objects);
        try {
            while (!pending.isEmpty()) {
                List<Definition> failed = new ArrayList<>();
                SQLException last = null;
                for (Definition d : pending) {
                    try {
                        createOne(target, db, d, notes);
                    } catch (SQLException e) {
                        failed.add(d);
                        last = e;
                    }
                }
                if (failed.size() == pending.size()) {
                    throw new SQLException("cannot create " + failed.get(0).kind().toLowerCase() + " " + db + "." + failed.get(0).name()
                            + " on the target: " + MySqlErrors.describe(last), last.getSQLState(), last.getErrorCode(), last);
                }
                pending = failed;
            }
        } finally {
            Jdbc.execute(target, "SET SESSION sql_mode = " + Sql.stringLiteral(mode));
        }
        return notes;
    }

    private static void createOne(Connection target, String db, Definition d, List<String> notes) throws SQLException {
        Jdbc.execute(target, "SET SESSION sql_mode = " + Sql.stringLiteral(d.sqlMode() == null ? "" : d.sqlMode()));
        try {
            Jdbc.execute(target, d.create());
        } catch (SQLException e) {
            if (e.getErrorCode() != MySqlErrors.SPECIFIC_ACCESS_DENIED && e.getErrorCode() != 1142) {
                throw e;
            }
            // the target user may not create objects for another definer: create them as the target user
            Jdbc.execute(target, withoutDefiner(d.create()));
            notes.add(d.kind().toLowerCase() + " " + db + "." + d.name() + " was created with the target user as its definer ("
                    + MySqlErrors.describe(e) + ")");
        }
        if (d.kind().equals("EVENT")) {
            Jdbc.execute(target, "ALTER EVENT " + Sql.qualified(db, d.name()) + " DISABLE");
            notes.add("event " + db + "." + d.name() + " was created DISABLED: enable it on the target at cutover");
        }
        LOG.debug("created {} {}.{}", d.kind(), db, d.name());
    }

    /** Kind and name of every view, routine, trigger and event of a database (no definitions: cheap). */
    public static List<String[]> names(Connection c, String db) throws SQLException {
        List<String[]> out = new ArrayList<>(Jdbc.query(c, "SELECT 'VIEW', TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, db));
        out.addAll(Jdbc.query(c, "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, db));
        out.addAll(Jdbc.query(c, "SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, db));
        out.addAll(Jdbc.query(c, "SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, db));
        return out;
    }

    /** Which of {@code objects} (kind, name) already exist in the target database. */
    public static List<String> existing(Connection target, String db, List<String[]> objects) throws SQLException {
        List<String[]> there = names(target, db);
        List<String> out = new ArrayList<>();
        for (String[] o : objects) {
            if (there.stream().anyMatch(t -> t[0].equals(o[0]) && t[1].equals(o[1]))) {
                out.add(o[0].toLowerCase() + " " + db + "." + o[1]);
            }
        }
        return out;
    }

    /** Drops those of {@code objects} that exist in the target database (for --clean-target). */
    public static List<String> drop(Connection target, String db, List<String[]> objects) throws SQLException {
        List<String[]> there = names(target, db);
        List<String> dropped = new ArrayList<>();
        for (String[] o : objects) {
            if (there.stream().anyMatch(t -> t[0].equals(o[0]) && t[1].equals(o[1]))) {
                Jdbc.execute(target, "DROP " + o[0] + " IF EXISTS " + Sql.qualified(db, o[1]));
                dropped.add(o[0].toLowerCase() + " " + db + "." + o[1]);
            }
        }
        return dropped;
    }

    static String withoutDefiner(String create) {
        return DEFINER.matcher(create).replaceFirst("");
    }
}
