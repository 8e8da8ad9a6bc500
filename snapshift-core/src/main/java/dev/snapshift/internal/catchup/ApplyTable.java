package dev.snapshift.internal.catchup;

import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A migrated table as the catch-up writes it: every column in the order of the binary log's row
 * images, and the key that finds a row (its primary key, else a unique key over NOT NULL columns;
 * none: every column).
 *
 * @param key positions in {@code columns} of the key's columns; empty: rows are found by every
 *     column ({@link #fullRowMatch()})
 */
record ApplyTable(String database, String name, List<Column> columns, int[] key) {

    /**
     * One column.
     *
     * @param dataType lower case, e.g. {@code int}, {@code varchar}, {@code json}
     * @param charset the character set of a text column (null for other columns)
     * @param generated computed by the server: never written, never matched
     */
    record Column(
            String name, String dataType, boolean unsigned, String charset, boolean generated) {

        /** MySQL's JSON type (MariaDB's JSON is a LONGTEXT with a charset). */
        boolean binaryJson() {
            return dataType.equals("json") && charset == null;
        }

        boolean floating() {
            return dataType.equals("float") || dataType.equals("double") || dataType.equals("real");
        }
    }

    ApplyTable {
        columns = List.copyOf(columns);
        key = key.clone();
    }

    static ApplyTable of(TableInfo t) {
        List<Column> cols = new ArrayList<>();
        for (ColumnInfo c : t.columns()) {
            cols.add(
                    new Column(
                            c.name(),
                            c.dataType().toLowerCase(Locale.ROOT),
                            c.isUnsigned(),
                            c.charset(),
                            c.generated()));
        }
        int[] key = new int[t.key().size()];
        for (int i = 0; i < key.length; i++) {
            String k = t.key().get(i).name();
            key[i] = -1;
            for (int j = 0; j < cols.size(); j++) {
                if (cols.get(j).name().equals(k)) {
                    key[i] = j;
                }
            }
            if (key[i] < 0) {
                return new ApplyTable(t.database(), t.name(), cols, new int[0]);
            }
        }
        return new ApplyTable(t.database(), t.name(), cols, key);
    }

    boolean fullRowMatch() {
        return key.length == 0;
    }

    String qualifiedName() {
        return database + "." + name;
    }

    String quoted() {
        return Sql.qualified(database, name);
    }

    /** The map key of a table: database and name, case kept. */
    static String id(String database, String table) {
        return database + "\u0000" + table;
    }
}
