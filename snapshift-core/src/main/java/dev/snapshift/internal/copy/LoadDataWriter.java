package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;

import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code LOAD DATA LOCAL INFILE}: rows as tab-separated raw bytes with {@code CHARACTER SET binary}, so no character
 * set conversion happens anywhere. Each batch is written to a file in a private folder, the only folder the driver
 * may send files from ({@code allowLoadLocalInfileInPath}): Connector/J's in-memory stream would need
 * {@code allowLoadLocalInfile=true}, which lets a hostile server ask for any file of this machine. NULL is {@code \N};
 * backslash, tab, newline, carriage return and NUL are escaped. BIT goes through a user variable as a decimal number
 * and JSON through one converted to utf8mb4, since neither loads from binary text directly.
 *
 * <p>A LOCAL load turns data errors into warnings and skips what it cannot store, so every statement is checked: the
 * affected row count must equal the rows sent and there must be no warning; otherwise the chunk fails.
 */
final class LoadDataWriter implements TargetWriter {
    private final List<ColumnInfo> columns;
    private final TableInfo table;
    private final java.nio.file.Path folder;
    private byte[] buf = new byte[1 << 20];
    private int len;
    private int rows;

    LoadDataWriter(TableInfo table, java.nio.file.Path folder) {
        this.columns = table.copiedColumns();
        this.table = table;
        this.folder = folder;
    }

    static String statement(TableInfo table, String streamPath) {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        boolean anySet = table.copiedColumns().stream().anyMatch(c -> c.kind() == ValueKind.BIT || c.kind() == ValueKind.JSON);
        String autoIncrementSet = null;
        int var = 0;
        for (ColumnInfo c : table.copiedColumns()) {
            if (anySet && c.autoIncrement()) {
                // MariaDB 11.4 forgets an explicit 0 in the AUTO_INCREMENT column when a SET clause assigns another
                // column (it stores the next counter value instead, silently); assigned last through SET, 0 stays 0
                String v = "@v" + var++;
                targets.add(v);
                autoIncrementSet = Sql.quote(c.name()) + " = " + v;
            } else if (c.kind() == ValueKind.BIT) {
                String v = "@v" + var++;
                targets.add(v);
                sets.add(Sql.quote(c.name()) + " = CAST(" + v + " AS UNSIGNED)");
            } else if (c.kind() == ValueKind.JSON) {
                String v = "@v" + var++;
                targets.add(v);
                sets.add(Sql.quote(c.name()) + " = CONVERT(" + v + " USING utf8mb4)");
            } else {
                targets.add(Sql.quote(c.name()));
            }
        }
        if (autoIncrementSet != null) {
            sets.add(autoIncrementSet);
        }
        return "LOAD DATA LOCAL INFILE " + Sql.stringLiteral(streamPath) + " INTO TABLE " + Sql.qualified(table.database(), table.name())
                + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                + " (" + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
    }

    @Override
    public void add(byte[][] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            byte[] v = values[i];
            if (v == null) {
                put((byte) '\\');
                put((byte) 'N');
            } else if (columns.get(i).kind() == ValueKind.BIT) {
                byte[] digits = new BigInteger(1, v).toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                ensure(digits.length);
                System.arraycopy(digits, 0, buf, len, digits.length);
                len += digits.length;
            } else {
                escape(v);
            }
        }
        put((byte) '\n');
        rows++;
    }

    private void escape(byte[] v) {
        ensure(v.length * 2);
        for (byte b : v) {
            switch (b) {
                case '\\' -> { buf[len++] = '\\'; buf[len++] = '\\'; }
                case '\t' -> { buf[len++] = '\\'; buf[len++] = 't'; }
                case '\n' -> { buf[len++] = '\\'; buf[len++] = 'n'; }
                case '\r' -> { buf[len++] = '\\'; buf[len++] = 'r'; }
                case 0 -> { buf[len++] = '\\'; buf[len++] = '0'; }
                default -> buf[len++] = b;
            }
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    @Override
    public int pendingRows() {
        return rows;
    }

    @Override
    public int pendingBytes() {
        return len;
    }

    @Override
    public void flush(Statement target) throws SQLException {
        if (rows == 0) {
            return;
        }
        java.nio.file.Path file = folder.resolve("rows-" + Thread.currentThread().getId() + ".tsv");
        long loaded;
        try {
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
                out.write(buf, 0, len);
            }
            target.clearWarnings();
            loaded = target.executeLargeUpdate(statement(table, file.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("cannot write the rows to load to " + file + ": " + e.getMessage(), "HY000", 0, e);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (java.io.IOException ignored) {
                // the folder goes away at the end of the run
            }
        }
        SQLWarning w = target.getWarnings();
        if (loaded != rows || w != null) {
            throw new SQLException("LOAD DATA stored " + loaded + " of " + rows + " rows" + (w == null ? "" : "; first warning: ["
                    + w.getErrorCode() + "] " + w.getMessage()), "HY000", w == null ? 0 : w.getErrorCode());
        }
        len = 0;
        rows = 0;
        if (buf.length > (8 << 20)) {
            buf = new byte[1 << 20]; // do not keep a huge row's buffer for the rest of the chunk
        }
    }
}
