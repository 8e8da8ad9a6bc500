package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tables or views on the target with the name of a selected table: creating it would fail, or mix
 * data.
 */
public final class TargetObjects {
    public static final String NAME = "target objects";

    private TargetObjects() {}

    static PreflightCheck check(PreflightContext ctx) throws SQLException {
        boolean foldCase = !"0".equals(ctx.targetFacts().variable("lower_case_table_names"));
        List<String> clashes = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        for (String db : ctx.databases()) {
            Map<String, String> existing = existing(ctx.target(), db, foldCase);
            for (TableInfo t : ctx.tables()) {
                String type =
                        t.database().equals(db) ? existing.get(key(t.name(), foldCase)) : null;
                if (type != null) {
                    boolean view = type.equalsIgnoreCase("VIEW");
                    clashes.add(t.qualifiedName() + (view ? " (view)" : ""));
                    drops.add((view ? "DROP VIEW " : "DROP TABLE ") + Sql.qualified(db, t.name()));
                }
            }
        }
        if (clashes.isEmpty()) {
            return PreflightCheck.ok(NAME, "none of the selected tables exists on the target");
        }
        return PreflightCheck.fail(
                NAME,
                "the target already holds "
                        + Texts.count(clashes.size(), "object", "objects")
                        + " named like selected tables: "
                        + Texts.names(clashes),
                "drop them on the target ("
                        + Texts.names(drops)
                        + ") or choose other databases with --databases");
    }

    /** Name (folded when the target folds case) to TABLE_TYPE, for one database. */
    private static Map<String, String> existing(Connection target, String db, boolean foldCase)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        Jdbc.query(
                target,
                "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?, ?)",
                rs -> out.put(key(rs.getString(1), foldCase), rs.getString(2)),
                db,
                foldCase ? db.toLowerCase(Locale.ROOT) : db);
        return out;
    }

    private static String key(String name, boolean foldCase) {
        return foldCase ? name.toLowerCase(Locale.ROOT) : name;
    }
}
