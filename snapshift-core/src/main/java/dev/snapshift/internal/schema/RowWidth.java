package dev.snapshift.internal.schema;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fewest bytes an InnoDB row of a table takes, from its columns' types alone: what a size
 * estimate falls back on when the table's statistics lag behind its rows.
 *
 * <p>InnoDB counts a table's rows as they are written ({@code TABLE_ROWS}), but measures its data
 * ({@code DATA_LENGTH}) only when it recalculates the table's statistics: in the background, some
 * seconds after a tenth of the table changed, or never with {@code STATS_AUTO_RECALC=0}. A table
 * filled just before a migration (a load, a restore, a test's data) shows its rows in one page of
 * 16 KB, and a decision taken by size (create it with its secondary indexes or add them after the
 * rows; copy the largest tables first) would take it for a small one. (A FLUSH TABLES, such as the
 * snapshot's global read lock, also reloads the row count last saved: {@link SourceCatalog} reads
 * the tablespace file's size too.)
 */
public final class RowWidth {
    /** A clustered index record's header (5), transaction id (6) and roll pointer (7). */
    static final int RECORD_OVERHEAD = 18;

    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)");

    private RowWidth() {}

    /**
     * The least bytes one row of these columns takes in InnoDB's clustered index: fixed-size types
     * their size, CHAR and BINARY their declared length, every variable-length value one length
     * byte (its content is unknown), generated VIRTUAL columns nothing.
     */
    public static long least(List<ColumnInfo> columns) {
        long bytes = RECORD_OVERHEAD;
        for (ColumnInfo c : columns) {
            if (!c.virtual()) {
                bytes += least(c);
            }
        }
        return bytes;
    }

    static long least(ColumnInfo c) {
        String type = c.dataType() == null ? "" : c.dataType().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "tinyint", "year", "enum", "set" -> 1;
            case "smallint" -> 2;
            case "mediumint", "date", "time" -> 3;
            case "int", "integer", "float", "timestamp" -> 4;
            case "datetime" -> 5;
            case "bigint", "double", "real" -> 8;
            case "decimal", "numeric" -> Math.max(1, (declared(c) + 1) / 2);
            case "bit" -> Math.max(1, (declared(c) + 7) / 8);
            case "char", "binary" -> Math.max(1, declared(c));
            default -> 1; // VARCHAR, TEXT, BLOB, JSON, spatial and MariaDB's own types
        };
    }

    /** The first number in the column's type ({@code char(120)}: 120); 0 when there is none. */
    private static int declared(ColumnInfo c) {
        if (c.columnType() == null) {
            return 0;
        }
        Matcher m = LENGTH.matcher(c.columnType());
        if (!m.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A table's data length as InnoDB reports it, or at least its rows times their least width when
     * the statistics have not caught up with the rows yet.
     */
    public static long dataLength(long reported, long rows, List<ColumnInfo> columns) {
        if (rows <= 0) {
            return reported;
        }
        long least = least(columns);
        return rows > Long.MAX_VALUE / least ? Long.MAX_VALUE : Math.max(reported, rows * least);
    }
}
