package dev.snapshift.internal.schema;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --clean-target}: removes from the target what an earlier, unfinished run may have left,
 * and nothing else — exactly the tables (or views of those names) that this migration is about to
 * create.
 */
public final class TargetCleaner {
    private TargetCleaner() {}

    /**
     * Drops on the target, for each selected source table (or view) whose name exists in the target
     * database of the same name, that table ({@code DROP TABLE}) or view ({@code DROP VIEW}). Other
     * objects of those databases, and the databases themselves, stay. Runs with {@code
     * foreign_key_checks=0}, restored afterwards, so that tables referenced by foreign keys can go
     * in any order.
     *
     * @return the dropped objects as {@code database.name}
     */
    public static List<String> dropSelected(Connection target, List<TableInfo> sourceTables)
            throws SQLException {
        Map<String, Set<String>> selected = new LinkedHashMap<>();
        sourceTables.forEach(
                t ->
                        selected.computeIfAbsent(t.database(), k -> new LinkedHashSet<>())
                                .add(t.name()));
        String restore =
                "SET SESSION foreign_key_checks = "
                        + ("0".equals(Jdbc.scalar(target, "SELECT @@SESSION.foreign_key_checks"))
                                ? "0"
                                : "1");
        List<String> dropped;
        try {
            Jdbc.execute(target, "SET SESSION foreign_key_checks = 0");
            dropped = drop(target, selected);
        } catch (SQLException | RuntimeException e) {
            try {
                Jdbc.execute(target, restore);
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        Jdbc.execute(target, restore);
        return dropped;
    }

    private static List<String> drop(Connection target, Map<String, Set<String>> selected)
            throws SQLException {
        record Existing(String name, boolean view) {}
        List<String> dropped = new ArrayList<>();
        NameFolding names = NameFolding.of(target);
        for (Map.Entry<String, Set<String>> db : selected.entrySet()) {
            List<Existing> existing =
                    Jdbc.query(
                            target,
                            "SELECT TABLE_NAME, TABLE_TYPE = 'VIEW' FROM information_schema.TABLES"
                                    + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
                            rs -> new Existing(rs.getString(1), rs.getBoolean(2)),
                            names.fold(db.getKey()));
            for (Existing e : existing) {
                if (db.getValue().stream().anyMatch(n -> names.same(n, e.name()))) {
                    Jdbc.execute(target, dropStatement(db.getKey(), e.name(), e.view()));
                    dropped.add(db.getKey() + "." + e.name());
                }
            }
        }
        return dropped;
    }

    static String dropStatement(String database, String name, boolean view) {
        return (view ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ")
                + Sql.qualified(database, name);
    }
}
