package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.ServerCapabilities;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TableShaper;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collations the target lacks, before anything is written: every column whose collation changes is
 * listed; a collation with no counterpart is refused with the option that maps it; and each unique
 * index over a changed column is checked on the source for values the target's collation would make
 * equal (rows that would then break the copy with a duplicate-key error), naming them.
 *
 * <p>The check reads each such table once ({@code GROUP BY ... COLLATE ... HAVING COUNT(*) > 1}).
 * The source compares under the target's collation when it knows it, else under its own collation
 * of the same character set and the same accent, case and pad behaviour; where that is the column's
 * own collation, nothing can collide that does not already.
 */
final class CollationCheck {
    static final String NAME = "collations on the target";

    private CollationCheck() {}

    static PreflightCheck check(PreflightContext c) throws SQLException {
        TableShaper shaper = TableShaper.forTarget(c.target(), c.config().targetOptions(), t -> {});
        Set<String> sourceCollations = ServerCapabilities.collations(c.source());
        List<String> changed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> collisions = new ArrayList<>();
        int indexesChecked = 0;
        for (TableInfo t : c.tables()) {
            Map<String, String> probes = new LinkedHashMap<>();
            if (t.collation() != null) {
                String to = shaper.mapped(t.collation());
                if (to != null) {
                    changed.add(t.qualifiedName() + ": " + lower(t.collation()) + " -> " + to);
                } else if (!shaper.knows(t.collation())) {
                    unknown.add(t.qualifiedName() + " (" + lower(t.collation()) + ")");
                }
            }
            for (ColumnInfo col : t.columns()) {
                if (col.collation() == null) {
                    continue;
                }
                String name = t.qualifiedName() + "." + col.name();
                String to = shaper.mapped(col.collation());
                if (to == null) {
                    if (!shaper.knows(col.collation())) {
                        unknown.add(name + " (" + lower(col.collation()) + ")");
                    }
                    continue;
                }
                changed.add(name + ": " + lower(col.collation()) + " -> " + to);
                String probe = probe(to, sourceCollations);
                if (probe != null && !probe.equals(lower(col.collation()))) {
                    probes.put(col.name(), probe);
                }
            }
            if (probes.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, List<String>> index : uniqueIndexes(c, t).entrySet()) {
                if (index.getValue().stream().noneMatch(probes::containsKey)) {
                    continue;
                }
                indexesChecked++;
                collisions.addAll(collide(c, t, index.getKey(), index.getValue(), probes));
            }
        }
        if (!unknown.isEmpty()) {
            return PreflightCheck.fail(
                    NAME,
                    "the target does not know the collation of "
                            + Texts.names(unknown)
                            + "; nothing was written",
                    "map each to one the target has, e.g. --collation-map "
                            + unknown.get(0).replaceAll(".*\\((.*)\\)$", "$1")
                            + "=utf8mb4_0900_ai_ci (SHOW COLLATION on the target lists them)");
        }
        if (!collisions.isEmpty()) {
            return PreflightCheck.fail(
                    NAME,
                    "values that differ on the source become equal under the target's collation, so a"
                            + " unique index would refuse them: "
                            + String.join("; ", collisions)
                            + "; nothing was written",
                    "make those values distinct on the source, or map the collation to one that tells"
                            + " them apart with --collation-map FROM=TO");
        }
        if (changed.isEmpty()) {
            return PreflightCheck.ok(NAME, "the target knows every collation of the source");
        }
        return PreflightCheck.ok(
                NAME,
                changed.size()
                        + " collation(s) change: "
                        + Texts.names(changed)
                        + (indexesChecked == 0
                                ? ""
                                : "; "
                                        + indexesChecked
                                        + " unique index(es) over them checked: no values collide"));
    }

    /**
     * The collation the source compares with in place of {@code target}: the target's own when the
     * source knows it, else the source's collation of the same character set and sensitivity; null
     * when the source has none.
     */
    static String probe(String target, Set<String> sourceCollations) {
        String to = target.toLowerCase(Locale.ROOT);
        if (sourceCollations.contains(to)) {
            return to;
        }
        int cut = to.indexOf('_');
        if (cut < 0) {
            return null;
        }
        String charset = to.substring(0, cut);
        List<String> candidates;
        if (to.endsWith("_bin")) {
            candidates = List.of("_bin");
        } else if (to.endsWith("_ai_ci")) {
            candidates = List.of("_uca1400_ai_ci", "_unicode_520_ci", "_unicode_ci", "_general_ci");
        } else if (to.endsWith("_as_ci")) {
            candidates = List.of("_uca1400_as_ci");
        } else if (to.endsWith("_as_cs") || to.endsWith("_cs")) {
            candidates = List.of("_uca1400_as_cs", "_bin");
        } else {
            candidates = List.of("_unicode_520_ci", "_unicode_ci", "_general_ci");
        }
        for (String suffix : candidates) {
            if (sourceCollations.contains(charset + suffix)) {
                return charset + suffix;
            }
        }
        return null;
    }

    /** Unique indexes (PRIMARY included) of the table: name to columns, in index order. */
    private static Map<String, List<String>> uniqueIndexes(PreflightContext c, TableInfo t)
            throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String[] row :
                Jdbc.query(
                        c.source(),
                        "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0"
                                + " AND COLUMN_NAME IS NOT NULL ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                        rs -> new String[] {rs.getString(1), rs.getString(2)},
                        t.database(),
                        t.name())) {
            out.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
        }
        return out;
    }

    /** Up to three groups of values of one unique index that collide under the probes. */
    private static List<String> collide(
            PreflightContext c,
            TableInfo t,
            String index,
            List<String> columns,
            Map<String, String> probes)
            throws SQLException {
        List<String> shown = new ArrayList<>();
        List<String> grouped = new ArrayList<>();
        for (String col : columns) {
            String q = Sql.quote(col);
            shown.add("CAST(" + q + " AS CHAR CHARACTER SET utf8mb4)");
            String probe = probes.get(col);
            grouped.add(
                    probe == null
                            ? q
                            : "CONVERT("
                                    + q
                                    + " USING "
                                    + probe.substring(0, probe.indexOf('_'))
                                    + ") COLLATE "
                                    + probe);
        }
        String sql =
                "SELECT GROUP_CONCAT(QUOTE(CONCAT_WS(', ', "
                        + String.join(", ", shown)
                        + ")) SEPARATOR ' and '), COUNT(*) FROM "
                        + Sql.quote(t.database())
                        + "."
                        + Sql.quote(t.name())
                        + " GROUP BY "
                        + String.join(", ", grouped)
                        + " HAVING COUNT(*) > 1 LIMIT 3";
        List<String> out = new ArrayList<>();
        for (String values : Jdbc.query(c.source(), sql, rs -> rs.getString(1))) {
            out.add(
                    t.qualifiedName()
                            + " index "
                            + index
                            + " ("
                            + String.join(", ", columns)
                            + "): "
                            + values
                            + " collide under "
                            + String.join(", ", new LinkedHashSet<>(probes.values())));
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
