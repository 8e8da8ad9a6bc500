package dev.snapshift.internal.schema;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Names of the views, routines, triggers and events of a database, on the source or the target:
 * before anything is written, a target that already holds one is refused (or cleaned with
 * --clean-target). Their definitions are read by {@link ObjectReader} and created by {@link
 * ObjectCreator} in {@link ObjectOrder}.
 */
public final class SchemaObjects {
    private SchemaObjects() {}

    /**
     * Kind and name of every view, routine, trigger and event of a database (no definitions:
     * cheap).
     */
    public static List<String[]> names(Connection c, String db) throws SQLException {
        List<String[]> out =
                new ArrayList<>(
                        Jdbc.query(
                                c,
                                "SELECT 'VIEW', TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
                                rs -> new String[] {rs.getString(1), rs.getString(2)},
                                db));
        out.addAll(
                Jdbc.query(
                        c,
                        "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2)},
                        db));
        out.addAll(
                Jdbc.query(
                        c,
                        "SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2)},
                        db));
        out.addAll(
                Jdbc.query(
                        c,
                        "SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2)},
                        db));
        return out;
    }

    /** Which of {@code objects} (kind, name) already exist in the target database. */
    public static List<String> existing(Connection target, String db, List<String[]> objects)
            throws SQLException {
        NameFolding folding = NameFolding.of(target);
        List<String[]> there = names(target, folding.fold(db));
        List<String> out = new ArrayList<>();
        for (String[] o : objects) {
            if (there.stream()
                    .anyMatch(t -> t[0].equals(o[0]) && sameObject(folding, o[0], t[1], o[1]))) {
                out.add(o[0].toLowerCase() + " " + db + "." + o[1]);
            }
        }
        return out;
    }

    /** Drops those of {@code objects} that exist in the target database (for --clean-target). */
    public static List<String> drop(Connection target, String db, List<String[]> objects)
            throws SQLException {
        NameFolding folding = NameFolding.of(target);
        List<String[]> there = names(target, folding.fold(db));
        List<String> dropped = new ArrayList<>();
        for (String[] o : objects) {
            if (there.stream()
                    .anyMatch(t -> t[0].equals(o[0]) && sameObject(folding, o[0], t[1], o[1]))) {
                Jdbc.execute(target, "DROP " + o[0] + " IF EXISTS " + Sql.qualified(db, o[1]));
                dropped.add(o[0].toLowerCase() + " " + db + "." + o[1]);
            }
        }
        return dropped;
    }

    /**
     * Routines and events compare without case everywhere; views are tables (folded with the
     * target's lower_case_table_names); triggers compare with case.
     */
    static boolean sameObject(NameFolding folding, String kind, String a, String b) {
        return switch (kind) {
            case "PROCEDURE", "FUNCTION", "EVENT" -> a.equalsIgnoreCase(b);
            case "VIEW" -> folding.same(a, b);
            default -> a.equals(b);
        };
    }
}
