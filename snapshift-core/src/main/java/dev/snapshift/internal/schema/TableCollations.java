package dev.snapshift.internal.schema;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a {@code SHOW CREATE TABLE} statement mean on the target the collations it meant on the
 * source. Pure; unit-tested as strings.
 *
 * <p>{@code SHOW CREATE TABLE} leaves out a collation that is its character set's default, and
 * defaults differ between servers: MySQL 5.7's (and MariaDB's) {@code utf8mb4} is {@code
 * utf8mb4_general_ci}, MySQL 8.0's is {@code utf8mb4_0900_ai_ci}. Run as it is, a 5.7 table's
 * {@code DEFAULT CHARSET=utf8mb4} silently becomes {@code utf8mb4_0900_ai_ci} (NO PAD, other
 * equalities), and with it every view column, comparison and unique key over it. So where the
 * statement leaves a collation out and the source's (from information_schema) is not the target's
 * default for that character set, it is written out.
 *
 * <p>And the reverse, for MySQL 8.0, whose output does not read back the same: a column that
 * inherits the table's collation is written {@code COLLATE x}, and created from that text it is
 * marked as declared, after which SHOW CREATE writes {@code CHARACTER SET cs COLLATE x}. Such a
 * clause (the table's own collation, no character set) is left out, so the column inherits it on
 * the target as on the source.
 */
public final class TableCollations {
    /** A column line up to its type, then its optional CHARACTER SET and COLLATE. */
    private static final Pattern COLUMN =
            Pattern.compile(
                    "^(\\s+`((?:[^`]|``)*)`\\s+\\w+"
                            + "(?:\\((?:'(?:[^'\\\\]|''|\\\\.)*'|[^)'])*\\))?"
                            + "(?:\\s+(?:unsigned|zerofill|binary))*)(\\s+CHARACTER SET\\s+(\\w+))?(\\s+COLLATE\\s+(\\w+))?");

    private static final Pattern TABLE_CHARSET =
            Pattern.compile("DEFAULT CHARSET=(\\w+)( COLLATE=\\w+)?");

    private TableCollations() {}

    /**
     * @param tableCollation the table's collation on the source (null: unknown, the statement is
     *     left alone)
     * @param columns the table's columns, with their collations on the source
     * @param targetDefaults the target's default collation of each character set
     */
    public static String pin(
            String createTable,
            String tableCollation,
            List<ColumnInfo> columns,
            Map<String, String> targetDefaults) {
        if (tableCollation == null) {
            return createTable;
        }
        String[] lines = createTable.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(")")) {
                lines[i] = tableOptions(line, tableCollation, targetDefaults);
                break;
            }
            lines[i] = column(line, tableCollation, columns, targetDefaults);
        }
        return String.join("\n", lines);
    }

    private static String tableOptions(
            String line, String tableCollation, Map<String, String> targetDefaults) {
        Matcher m = TABLE_CHARSET.matcher(line);
        if (!m.find()
                || m.group(2) != null
                || tableCollation.equalsIgnoreCase(targetDefaults.get(m.group(1)))) {
            return line;
        }
        return line.substring(0, m.end(1))
                + " COLLATE="
                + tableCollation
                + line.substring(m.end(1));
    }

    private static String column(
            String line,
            String tableCollation,
            List<ColumnInfo> columns,
            Map<String, String> targetDefaults) {
        Matcher m = COLUMN.matcher(line);
        if (!m.find()) {
            return line;
        }
        String name = m.group(2).replace("``", "`");
        ColumnInfo c = columns.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (c == null || c.collation() == null) {
            return line;
        }
        String charset = m.group(4);
        String collate = m.group(6);
        if (charset != null
                && collate == null
                && !c.collation().equalsIgnoreCase(targetDefaults.get(charset))) {
            return line.substring(0, m.end(3))
                    + " COLLATE "
                    + c.collation()
                    + line.substring(m.end(3));
        }
        if (charset == null
                && collate != null
                && collate.equalsIgnoreCase(tableCollation)
                && c.collation().equalsIgnoreCase(tableCollation)) {
            return line.substring(0, m.start(5)) + line.substring(m.end(5));
        }
        return line;
    }
}
