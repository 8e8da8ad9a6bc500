package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Multi-row INSERT with exact literals: the fallback when the target refuses local_infile. Statements are cut at
 * {@code maxStatementBytes} and run on the reader's thread, so reads and writes do not overlap here.
 */
final class InsertWriter implements TargetWriter {
    private final List<ColumnInfo> columns;
    private final String prefix;
    private final TargetLink link;
    private final int maxStatementBytes;
    private final LongAdder bytes;
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private int rows;
    private long stored;

    InsertWriter(TableInfo table, TargetLink link, int maxStatementBytes, LongAdder bytes) {
        this.columns = table.copiedColumns();
        this.prefix = ChunkSql.insertPrefix(table);
        this.link = link;
        this.maxStatementBytes = maxStatementBytes;
        this.bytes = bytes;
    }

    @Override
    public void begin() {
        stored = 0;
    }

    @Override
    public void add(java.sql.ResultSet rs) throws CopyFailure, SQLException {
        sb.append(rows == 0 ? prefix : ",").append('(');
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            ValueEncoder.append(sb, columns.get(i), rs.getBytes(i + 1));
        }
        sb.append(')');
        rows++;
        if (sb.length() >= maxStatementBytes) {
            flush();
        }
    }

    private void flush() throws CopyFailure {
        if (rows == 0) {
            return;
        }
        Statement s = null;
        try {
            s = link.connection.createStatement();
            stored += s.executeLargeUpdate(sb.toString());
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        } finally {
            Jdbc.closeQuietly(s, null);
        }
        bytes.add(sb.length());
        rows = 0;
        if (sb.capacity() > maxStatementBytes * 2) {
            sb.setLength(0);
            sb.trimToSize(); // do not keep a huge row's buffer for the rest of the chunk
        } else {
            sb.setLength(0);
        }
    }

    @Override
    public void end(long expected) throws CopyFailure {
        flush();
        if (stored != expected) {
            throw new CopyFailure(CopyFailure.Side.TARGET, new SQLException("INSERT stored " + stored + " of " + expected
                    + " rows", "HY000", 0));
        }
    }

    @Override
    public void abandon() {
        sb.setLength(0);
        rows = 0;
    }
}
