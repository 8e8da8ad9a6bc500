package dev.snapshift.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a {@code SHOW CREATE TABLE} statement: the table is created with its primary key only,
 * loaded, and then gets its secondary indexes in one {@code ALTER TABLE} (building an index once is
 * much cheaper than maintaining it row by row), and its foreign keys after every table is loaded.
 * Pure; unit-tested as strings.
 *
 * <p>An index whose first column is the AUTO_INCREMENT column stays when the primary key does not
 * start with that column: the server requires such a key.
 */
public record DeferredIndexes(String createTable, List<String> indexes, List<String> foreignKeys) {

    public static DeferredIndexes split(String showCreateTable, String autoIncrementColumn) {
        return split(showCreateTable, autoIncrementColumn, true);
    }

    /**
     * @param deferIndexes false: the secondary indexes stay in the CREATE statement (a small table,
     *     where an ALTER costs more than maintaining the index row by row); the foreign keys are
     *     deferred all the same (the tables they reference may not exist yet)
     */
    public static DeferredIndexes split(
            String showCreateTable, String autoIncrementColumn, boolean deferIndexes) {
        String[] lines = showCreateTable.split("\n", -1);
        List<String> kept = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> fks = new ArrayList<>();
        String autoKeyPrefix =
                autoIncrementColumn == null
                        ? null
                        : "(`" + autoIncrementColumn.replace("`", "``") + "`";
        boolean primaryStartsWithAuto = false;
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("PRIMARY KEY")
                    && autoKeyPrefix != null
                    && t.substring("PRIMARY KEY".length()).trim().startsWith(autoKeyPrefix)) {
                primaryStartsWithAuto = true;
            }
        }
        boolean autoKeyKept = primaryStartsWithAuto || autoKeyPrefix == null;
        for (String line : lines) {
            String t = line.trim();
            String clause = t.endsWith(",") ? t.substring(0, t.length() - 1) : t;
            String upper = t.toUpperCase(Locale.ROOT);
            boolean index =
                    line.startsWith("  ")
                            && (upper.startsWith("KEY ")
                                    || upper.startsWith("UNIQUE KEY ")
                                    || upper.startsWith("FULLTEXT KEY ")
                                    || upper.startsWith("SPATIAL KEY ")
                                    || upper.startsWith("INDEX "));
            boolean foreignKey =
                    line.startsWith("  ")
                            && upper.startsWith("CONSTRAINT ")
                            && upper.contains(" FOREIGN KEY ");
            if (index
                    && !autoKeyKept
                    && clause.substring(clause.indexOf('(')).startsWith(autoKeyPrefix)) {
                autoKeyKept = true; // the AUTO_INCREMENT column needs this key from the start
                kept.add(line);
            } else if (index && deferIndexes) {
                indexes.add("ADD " + clause);
            } else if (foreignKey) {
                fks.add("ADD " + clause);
            } else {
                kept.add(line);
            }
        }
        return new DeferredIndexes(fixCommas(kept), List.copyOf(indexes), List.copyOf(fks));
    }

    /** After removing lines, the last column/key line before ")" must not end with a comma. */
    private static String fixCommas(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).startsWith(")")) {
                String prev = out.get(i - 1);
                if (prev.endsWith(",")) {
                    out.set(i - 1, prev.substring(0, prev.length() - 1));
                }
            }
        }
        return String.join("\n", out);
    }
}
