package dev.snapshift.internal.schema;

import java.util.List;
import java.util.Locale;

/**
 * One table of the source.
 *
 * @param dataLength InnoDB's DATA_LENGTH, or more when the table's statistics lag behind its rows:
 *     its tablespace file's size, its rows times their least width ({@link RowWidth}, {@link
 *     SourceCatalog})
 * @param columns every column, in order (for a system-versioned table, its period columns too, even
 *     implicit ones)
 * @param key the primary key, or else a unique key over NOT NULL columns; empty when there is none
 * @param keyIndex the name of that key's index (PRIMARY for the primary key); null when there is
 *     none
 * @param type a plain table, or one of MariaDB's kinds that need more than their rows
 * @param collation the table's default collation (information_schema.TABLES.TABLE_COLLATION; null
 *     when unknown)
 */
public record TableInfo(
        String database,
        String name,
        String engine,
        long estimatedRows,
        long dataLength,
        List<ColumnInfo> columns,
        List<ColumnInfo> key,
        String keyIndex,
        Type type,
        String collation) {

    /** What kind of table, as information_schema.TABLES.TABLE_TYPE says. */
    public enum Type {
        /** BASE TABLE. */
        BASE,
        /**
         * MariaDB's SEQUENCE: a one-row table; {@code SHOW CREATE TABLE} gives its CREATE SEQUENCE,
         * and loading its row restores its state (next value, cycles) exactly.
         */
        SEQUENCE,
        /**
         * MariaDB's SYSTEM VERSIONED table: the copy reads its current rows with their ROW START /
         * ROW END, and its history ({@code FOR SYSTEM_TIME ALL}) is copied on its own, both loaded
         * with {@code system_versioning_insert_history}.
         */
        VERSIONED;

        public static Type of(String tableType) {
            return switch (tableType == null ? "" : tableType.toUpperCase(Locale.ROOT)) {
                case "SEQUENCE" -> SEQUENCE;
                case "SYSTEM VERSIONED" -> VERSIONED;
                default -> BASE;
            };
        }
    }

    public TableInfo {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        type = type == null ? Type.BASE : type;
    }

    /**
     * The table's name: equal tables have equal names, so this agrees with {@link #equals}. Tables
     * are map keys all through a run (chunks, deferred indexes, progress): the record's own hash
     * would walk every column at each lookup, and its first use makes the JVM build the record's
     * method-handle tree (tens of milliseconds at start-up).
     */
    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(database) + java.util.Objects.hashCode(name);
    }

    public TableInfo(
            String database,
            String name,
            String engine,
            long estimatedRows,
            long dataLength,
            List<ColumnInfo> columns,
            List<ColumnInfo> key,
            String keyIndex) {
        this(
                database,
                name,
                engine,
                estimatedRows,
                dataLength,
                columns,
                key,
                keyIndex,
                Type.BASE,
                null);
    }

    /** Columns whose values are copied: generated columns are recomputed by the target. */
    public List<ColumnInfo> copiedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    public String qualifiedName() {
        return database + "." + name;
    }

    public boolean versioned() {
        return type == Type.VERSIONED;
    }
}
