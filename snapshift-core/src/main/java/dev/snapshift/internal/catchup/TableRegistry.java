package dev.snapshift.internal.catchup;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The migrated tables as the catch-up writes them, found by the names a TABLE_MAP gives. At first
 * the shapes read in the snapshot (they match the binary log from the snapshot's coordinates);
 * after a schema change applied to the target, the tables of that database are read again from the
 * target, which then holds the shape the log continues with. Not thread-safe: the applier's.
 */
final class TableRegistry {
    /** The invisible primary key MySQL 8.0.30+ may add to a table created without one. */
    static final String GIPK = "my_row_id";

    private final Map<String, ApplySql> tables = new HashMap<>();
    private final Set<String> databases;
    private final Set<String> fullRowMatch = new TreeSet<>();
    private final Set<String> stale = new TreeSet<>();

    /** Whether a table's changes may be netted ({@link NetChanges}), by table id. */
    private final Map<String, Boolean> nettable = new HashMap<>();

    TableRegistry(List<TableInfo> migrated) {
        Set<String> dbs = new TreeSet<>();
        for (TableInfo t : migrated) {
            put(ApplyTable.of(t));
            dbs.add(t.database().toLowerCase(Locale.ROOT));
        }
        this.databases = Set.copyOf(dbs);
    }

    private void put(ApplyTable t) {
        tables.put(ApplyTable.id(t.database(), t.name()), new ApplySql(t));
        if (t.fullRowMatch()) {
            fullRowMatch.add(t.qualifiedName());
        } else {
            fullRowMatch.remove(t.qualifiedName());
        }
    }

    /** The migrated databases, lower case. */
    Set<String> databases() {
        return databases;
    }

    /** Tables without a key: rows found by every column. */
    List<String> fullRowMatchTables() {
        return List.copyOf(fullRowMatch);
    }

    /**
     * The table a row event names, checked against its column count; null when it is not migrated
     * (a table skipped by --non-transactional skip, or created on the source and not on the
     * target).
     *
     * @param target reads the table's shape again after a schema change of its database
     * @throws ShapeMismatch when the log's row does not fit the table
     */
    ApplySql lookup(String database, String table, int columns, Connection target)
            throws SQLException, ShapeMismatch {
        if (stale.remove(database.toLowerCase(Locale.ROOT))) {
            reload(database, target);
        }
        ApplySql sql = tables.get(ApplyTable.id(database, table));
        if (sql == null) {
            for (Map.Entry<String, ApplySql> e : tables.entrySet()) {
                ApplyTable t = e.getValue().table();
                if (t.database().equalsIgnoreCase(database) && t.name().equalsIgnoreCase(table)) {
                    sql = e.getValue();
                    break;
                }
            }
        }
        if (sql == null) {
            return null;
        }
        if (sql.table().columns().size() != columns) {
            ApplyTable without = withoutGeneratedKey(sql.table());
            if (without != null && without.columns().size() == columns) {
                put(without);
                return tables.get(ApplyTable.id(without.database(), without.name()));
            }
            throw new ShapeMismatch(
                    database
                            + "."
                            + table
                            + " has "
                            + columns
                            + " columns in the binary log and "
                            + sql.table().columns().size()
                            + " on the target: its schema changed on one side only (a schema change"
                            + " left out with --on-ddl ignore?)");
        }
        return sql;
    }

    /**
     * Whether the group's changes of {@code t} may be netted: its key is its one unique key (on the
     * target) and holds no text.
     */
    boolean nettable(ApplyTable t, Connection target) throws SQLException {
        String id = ApplyTable.id(t.database(), t.name());
        Boolean known = nettable.get(id);
        if (known == null) {
            Map<String, Integer> unique = new HashMap<>();
            Jdbc.query(
                    target,
                    "SELECT TABLE_NAME, COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS"
                            + " WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0 GROUP BY TABLE_NAME",
                    rs -> unique.put(rs.getString(1), rs.getInt(2)),
                    t.database());
            for (ApplySql x : tables.values()) {
                ApplyTable a = x.table();
                if (a.database().equals(t.database())) {
                    nettable.put(
                            ApplyTable.id(a.database(), a.name()),
                            NetChanges.eligible(a, unique.getOrDefault(a.name(), 0)));
                }
            }
            known = nettable.getOrDefault(id, false);
            nettable.put(id, known);
        }
        return known;
    }

    /**
     * A schema change of {@code database} was applied: read its tables again before the next row.
     */
    void changed(String database) {
        stale.add(database.toLowerCase(Locale.ROOT));
    }

    private void reload(String database, Connection target) throws SQLException {
        List<String> gone = new ArrayList<>();
        tables.forEach(
                (k, v) -> {
                    if (v.table().database().equalsIgnoreCase(database)) {
                        gone.add(k);
                    }
                });
        gone.forEach(tables::remove);
        gone.forEach(nettable::remove);
        fullRowMatch.removeIf(
                n ->
                        n.toLowerCase(Locale.ROOT)
                                .startsWith(database.toLowerCase(Locale.ROOT) + "."));
        for (TableInfo t : new SourceCatalog(target).tables(database)) {
            put(ApplyTable.of(t));
        }
    }

    /** The table without MySQL's generated invisible primary key, or null when it has none. */
    private static ApplyTable withoutGeneratedKey(ApplyTable t) {
        int at = -1;
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).name().equals(GIPK)) {
                at = i;
            }
        }
        if (at < 0) {
            return null;
        }
        List<ApplyTable.Column> cols = new ArrayList<>(t.columns());
        cols.remove(at);
        List<Integer> key = new ArrayList<>();
        for (int k : t.key()) {
            if (k == at) {
                return new ApplyTable(t.database(), t.name(), cols, new int[0]);
            }
            key.add(k > at ? k - 1 : k);
        }
        return new ApplyTable(
                t.database(), t.name(), cols, key.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A row of the binary log that does not fit its table on the target. */
    static final class ShapeMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        ShapeMismatch(String message) {
            super(message);
        }
    }
}
