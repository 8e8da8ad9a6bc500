package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Multi-row INSERT with exact literals: the fallback when the target refuses local_infile.
 * Statements are cut at {@code maxStatementBytes} and run on the reader's thread, so reads and
 * writes do not overlap here. The session is strict, so a value the target cannot hold fails the
 * statement; for a table with VIRTUAL generated columns, whose computed values may overflow for
 * rows the source took under a non-strict mode, the statement is an INSERT IGNORE and its warnings
 * are judged like LOAD DATA's ({@link WarningJudge}): anything but a warning on a column that is
 * not stored fails the chunk, as does a row not stored. An ENUM's empty error value is written as
 * digits no member equals.
 */
final class InsertWriter implements TargetWriter {
    private final List<ColumnInfo> columns;
    private final String prefix;
    private final TargetLink link;
    private final int maxStatementBytes;
    private final LongAdder bytes;
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private final TableInfo table;

    /** Warnings are judged, not made errors: the table has VIRTUAL generated columns. */
    private final boolean judged;

    /**
     * Per column: what an empty value is written as (an ENUM's error value), or null to write it as
     * it is.
     */
    private final byte[][] emptyAs;

    private int rows;
    private long stored;

    InsertWriter(TableInfo table, TargetLink link, int maxStatementBytes, LongAdder bytes) {
        this.columns = table.copiedColumns();
        this.table = table;
        this.judged = table.columns().stream().anyMatch(ColumnInfo::virtual);
        String insert = ChunkSql.insertPrefix(table);
        this.prefix = judged ? "INSERT IGNORE " + insert.substring("INSERT ".length()) : insert;
        this.link = link;
        this.maxStatementBytes = maxStatementBytes;
        this.bytes = bytes;
        this.emptyAs = new byte[columns.size()][];
        for (int i = 0; i < emptyAs.length; i++) {
            emptyAs[i] = ValueEncoder.emptyValueAs(columns.get(i));
        }
    }

    @Override
    public void begin() throws CopyFailure {
        stored = 0;
        try {
            LoadDataWriter.prepareSession(link.connection, table);
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        }
    }

    @Override
    public void add(java.sql.ResultSet rs) throws CopyFailure, SQLException {
        sb.append(rows == 0 ? prefix : ",").append('(');
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            byte[] v = rs.getBytes(i + 1);
            ValueEncoder.append(
                    sb,
                    columns.get(i),
                    v != null && v.length == 0 && emptyAs[i] != null ? emptyAs[i] : v);
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
            if (judged) {
                List<WarningJudge.Warning> warnings = LoadDataWriter.warnings(s);
                WarningJudge.Verdict verdict =
                        WarningJudge.judge(
                                table,
                                warnings,
                                warnings.isEmpty() ? 0 : LoadDataWriter.warningCount(s));
                if (verdict.rejected() != null) {
                    throw new SQLException(
                            "INSERT raised a warning that may change stored data: "
                                    + verdict.rejected(),
                            "HY000",
                            warnings.get(0).code());
                }
                link.accepted(table, verdict);
            }
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
            throw new CopyFailure(
                    CopyFailure.Side.TARGET,
                    new SQLException(
                            "INSERT stored " + stored + " of " + expected + " rows", "HY000", 0));
        }
    }

    @Override
    public void abandon() {
        sb.setLength(0);
        rows = 0;
    }
}
