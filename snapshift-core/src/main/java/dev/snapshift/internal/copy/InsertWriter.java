package dev.snapshift.internal.copy;

import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Multi-row INSERT with exact literals: the fallback when the target refuses local_infile. */
final class InsertWriter implements TargetWriter {
    private final List<ColumnInfo> columns;
    private final String prefix;
    private final StringBuilder sb = new StringBuilder(1 << 20);
    private int rows;

    InsertWriter(TableInfo table) {
        this.columns = table.copiedColumns();
        this.prefix = ChunkSql.insertPrefix(table);
    }

    @Override
    public void add(byte[][] values) {
        sb.append(rows == 0 ? prefix : ",").append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            ValueEncoder.append(sb, columns.get(i), values[i]);
        }
        sb.append(')');
        rows++;
    }

    @Override
    public int pendingRows() {
        return rows;
    }

    @Override
    public int pendingBytes() {
        return sb.length();
    }

    @Override
    public void flush(Statement target) throws SQLException {
        if (rows == 0) {
            return;
        }
        target.execute(sb.toString());
        sb.setLength(0);
        rows = 0;
    }
}
