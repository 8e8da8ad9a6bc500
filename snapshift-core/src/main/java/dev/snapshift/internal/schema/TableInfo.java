package dev.snapshift.internal.schema;

import java.util.List;

/**
 * One base table of the source.
 *
 * @param columns    every column, in order
 * @param key        the primary key, or else a unique key over NOT NULL columns; empty when there is none
 * @param keyIndex   the name of that key's index (PRIMARY for the primary key); null when there is none
 */
public record TableInfo(String database, String name, String engine, long estimatedRows, long dataLength,
                        List<ColumnInfo> columns, List<ColumnInfo> key, String keyIndex) {

    public TableInfo {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    /** Columns whose values are copied: generated columns are recomputed by the target. */
    public List<ColumnInfo> copiedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    public String qualifiedName() {
        return database + "." + name;
    }
}
