package dev.snapshift.internal.catchup;

import dev.snapshift.internal.jdbc.Sql;
import java.io.Serializable;
import java.util.List;

/**
 * The statements that apply row changes of one table: inserts as REPLACE (an insert that finds its
 * row replaces it), updates and deletes by key (or by every column, once, for a table without a
 * key). Generated columns are never written nor matched. Pure; unit-tested as strings.
 */
final class ApplySql {
    private final ApplyTable table;
    private final String columns;

    ApplySql(ApplyTable table) {
        this.table = table;
        StringBuilder cols = new StringBuilder();
        for (ApplyTable.Column c : table.columns()) {
            if (!c.generated()) {
                cols.append(cols.length() == 0 ? "" : ", ").append(Sql.quote(c.name()));
            }
        }
        this.columns = cols.toString();
    }

    ApplyTable table() {
        return table;
    }

    /**
     * {@code REPLACE INTO t (..) VALUES (..), (..)}; a table without a key gets a plain INSERT (a
     * row equal to another is not the same row there).
     */
    String insert(List<Serializable[]> rows) {
        StringBuilder sb =
                new StringBuilder(64 + rows.size() * 32)
                        .append(table.fullRowMatch() ? "INSERT INTO " : "REPLACE INTO ")
                        .append(table.quoted())
                        .append(" (")
                        .append(columns)
                        .append(") VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            sb.append(r == 0 ? "(" : ", (");
            values(sb, rows.get(r));
            sb.append(')');
        }
        return sb.toString();
    }

    /**
     * {@code UPDATE t SET every written column WHERE key} ({@code LIMIT 1} when matched by every
     * column): the row ends as the after image, whatever the target held.
     */
    String update(Serializable[] before, Serializable[] after) {
        StringBuilder sb =
                new StringBuilder(128).append("UPDATE ").append(table.quoted()).append(" SET ");
        boolean first = true;
        List<ApplyTable.Column> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            ApplyTable.Column c = cols.get(i);
            if (c.generated()) {
                continue;
            }
            sb.append(first ? "" : ", ")
                    .append(Sql.quote(c.name()))
                    .append(" = ")
                    .append(Literals.of(c, after[i]));
            first = false;
        }
        where(sb, before);
        return sb.toString();
    }

    /** {@code DELETE FROM t WHERE key} ({@code LIMIT 1} when matched by every column). */
    String delete(Serializable[] before) {
        StringBuilder sb = new StringBuilder(96).append("DELETE FROM ").append(table.quoted());
        where(sb, before);
        return sb.toString();
    }

    /**
     * Whether a row holds an ENUM error value (index 0), which only a non-strict session stores.
     */
    boolean needsLenientMode(Serializable[] row) {
        List<ApplyTable.Column> cols = table.columns();
        for (int i = 0; i < cols.size() && i < row.length; i++) {
            if (cols.get(i).dataType().equals("enum") && row[i] instanceof Integer n && n == 0) {
                return true;
            }
        }
        return false;
    }

    private void values(StringBuilder sb, Serializable[] row) {
        boolean first = true;
        List<ApplyTable.Column> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).generated()) {
                continue;
            }
            sb.append(first ? "" : ", ").append(Literals.of(cols.get(i), row[i]));
            first = false;
        }
    }

    private void where(StringBuilder sb, Serializable[] row) {
        sb.append(" WHERE ");
        List<ApplyTable.Column> cols = table.columns();
        if (!table.fullRowMatch()) {
            int[] key = table.key();
            for (int k = 0; k < key.length; k++) {
                ApplyTable.Column c = cols.get(key[k]);
                sb.append(k == 0 ? "" : " AND ")
                        .append(Sql.quote(c.name()))
                        .append(" = ")
                        .append(Literals.of(c, row[key[k]]));
            }
            return;
        }
        boolean first = true;
        for (int i = 0; i < cols.size(); i++) {
            ApplyTable.Column c = cols.get(i);
            if (c.generated()) {
                continue;
            }
            sb.append(first ? "" : " AND ")
                    .append(Sql.quote(c.name()))
                    .append(" <=> ")
                    .append(Literals.exactText(c, row[i]));
            first = false;
        }
        sb.append(" LIMIT 1");
    }
}
