package dev.snapshift.internal.schema;

/**
 * One column as the source's information_schema describes it.
 *
 * @param charset character set of character columns (null otherwise)
 */
public record ColumnInfo(String name, String dataType, String columnType, String charset, String collation,
                         boolean generated, ValueKind kind, boolean autoIncrement) {

    public ColumnInfo(String name, String dataType, String columnType, String charset, String collation, boolean generated,
                      ValueKind kind) {
        this(name, dataType, columnType, charset, collation, generated, kind, false);
    }

    public boolean isUnsigned() {
        return columnType.toLowerCase().contains("unsigned");
    }

    public boolean isInteger() {
        return ValueKind.INTEGER_TYPES.contains(dataType.toLowerCase());
    }
}
