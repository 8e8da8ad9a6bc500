package dev.snapshift.internal.schema;

/**
 * One column as the source's information_schema describes it.
 *
 * @param charset character set of character columns (null otherwise)
 * @param generated a generated column: the target computes it, it is not copied
 * @param virtual a VIRTUAL generated column: its value is never stored (only computed, and kept in
 *     an index on it)
 * @param generationExpression what a generated column is computed from (MariaDB's period columns:
 *     ROW START, ROW END); null otherwise
 */
public record ColumnInfo(
        String name,
        String dataType,
        String columnType,
        String charset,
        String collation,
        boolean generated,
        ValueKind kind,
        boolean autoIncrement,
        boolean virtual,
        String generationExpression) {

    public ColumnInfo(
            String name,
            String dataType,
            String columnType,
            String charset,
            String collation,
            boolean generated,
            ValueKind kind,
            boolean autoIncrement) {
        this(
                name,
                dataType,
                columnType,
                charset,
                collation,
                generated,
                kind,
                autoIncrement,
                false,
                null);
    }

    public ColumnInfo(
            String name,
            String dataType,
            String columnType,
            String charset,
            String collation,
            boolean generated,
            ValueKind kind) {
        this(name, dataType, columnType, charset, collation, generated, kind, false, false, null);
    }

    public boolean isUnsigned() {
        return columnType.toLowerCase().contains("unsigned");
    }

    public boolean isInteger() {
        return ValueKind.INTEGER_TYPES.contains(dataType.toLowerCase());
    }
}
