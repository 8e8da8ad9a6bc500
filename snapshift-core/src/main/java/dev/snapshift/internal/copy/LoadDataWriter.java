package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LOAD DATA LOCAL INFILE} streamed from memory: the reader escapes each row into the
 * connection's {@link LocalInfileFeed} while the LOAD statement runs on the link's loader thread,
 * so reading the source and writing the target overlap and a chunk is one statement whatever its
 * size. Rows are tab-separated raw bytes with {@code CHARACTER SET binary}, so no character set
 * conversion happens anywhere. NULL is {@code \N}; backslash, tab, newline, carriage return and NUL
 * are escaped. BIT goes through a user variable as a decimal number, JSON through one converted to
 * utf8mb4, and MariaDB's UUID / INET6 / INET4 through one converted to ASCII (their text form),
 * since none loads from binary text directly. An ENUM's empty error value (index 0) is sent as
 * digits no member equals, which store index 0 ({@link dev.snapshift.internal.schema.EnumValues}).
 *
 * <p>A LOCAL load turns data errors into warnings and skips what it cannot store, so every
 * statement is checked: the affected row count must equal the rows sent, and every warning is
 * judged ({@link WarningJudge}): only one that cannot change a stored byte lets the chunk commit;
 * anything else fails it.
 */
final class LoadDataWriter implements TargetWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDataWriter.class);
    private final List<ColumnInfo> columns;

    /** Columns read as streams over the driver's buffer: those whose values may be huge. */
    private final boolean[] large;

    private final TableInfo table;
    private final TargetLink link;
    private final LocalInfileFeed feed;

    /**
     * Per column: what an empty value is sent as (an ENUM's error value), or null to send it as it
     * is.
     */
    private final byte[][] emptyAs;

    private Future<Result> load;
    private Statement statement;

    /**
     * @param raised {@code @@warning_count}: at least {@code warnings.size()}
     */
    private record Result(long rows, List<WarningJudge.Warning> warnings, long raised) {}

    LoadDataWriter(TableInfo table, TargetLink link) {
        this.columns = table.copiedColumns();
        this.large = new boolean[columns.size()];
        for (int i = 0; i < large.length; i++) {
            large[i] =
                    ChunkCopier.isLarge(columns.get(i)) && columns.get(i).kind() != ValueKind.BIT;
        }
        this.table = table;
        this.link = link;
        this.feed = link.feed;
        this.emptyAs = new byte[columns.size()][];
        for (int i = 0; i < emptyAs.length; i++) {
            emptyAs[i] = ValueEncoder.emptyValueAs(columns.get(i));
        }
    }

    static String statement(TableInfo table) {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        boolean anySet =
                table.copiedColumns().stream()
                        .anyMatch(
                                c ->
                                        c.kind() == ValueKind.BIT
                                                || c.kind() == ValueKind.JSON
                                                || c.kind() == ValueKind.TYPED_TEXT);
        String autoIncrementSet = null;
        int var = 0;
        for (ColumnInfo c : table.copiedColumns()) {
            if (anySet && c.autoIncrement()) {
                // MariaDB 11.4 forgets an explicit 0 in the AUTO_INCREMENT column when a SET clause
                // assigns another
                // column (it stores the next counter value instead, silently); assigned last
                // through SET, 0 stays 0
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
            } else if (c.kind() == ValueKind.TYPED_TEXT) {
                String v = "@v" + var++;
                targets.add(v);
                sets.add(Sql.quote(c.name()) + " = CONVERT(" + v + " USING ascii)");
            } else {
                targets.add(Sql.quote(c.name()));
            }
        }
        if (autoIncrementSet != null) {
            sets.add(autoIncrementSet);
        }
        return "LOAD DATA LOCAL INFILE 'snapshift-feed' INTO TABLE "
                + Sql.qualified(table.database(), table.name())
                + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                + " ("
                + String.join(", ", targets)
                + ")"
                + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
    }

    @Override
    public void begin() throws CopyFailure {
        try {
            prepareSession(link.connection, table);
            statement = link.connection.createStatement();
            statement.clearWarnings();
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        }
        feed.arm();
        String sql = statement(table);
        Statement s = statement;
        load =
                link.loader()
                        .submit(
                                () -> {
                                    try {
                                        long n = s.executeLargeUpdate(sql);
                                        List<WarningJudge.Warning> warnings = warnings(s);
                                        return new Result(
                                                n,
                                                warnings,
                                                warnings.isEmpty() ? 0 : warningCount(s));
                                    } finally {
                                        feed.loadEnded();
                                    }
                                });
    }

    @Override
    public void add(java.sql.ResultSet rs) throws CopyFailure, InterruptedException, SQLException {
        try {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    feed.write((byte) '\t');
                }
                if (large[i]) {
                    // a view of the driver's row buffer: a 64 MB value is escaped from there, never
                    // copied whole
                    java.io.InputStream in = rs.getBinaryStream(i + 1);
                    if (in == null) {
                        feed.write(NULL, 0, 2);
                    } else {
                        in.transferTo(sink);
                    }
                    continue;
                }
                byte[] v = rs.getBytes(i + 1);
                if (v == null) {
                    feed.write(NULL, 0, 2);
                } else if (v.length == 0 && emptyAs[i] != null) {
                    escape(emptyAs[i], 0, emptyAs[i].length);
                } else if (columns.get(i).kind() == ValueKind.BIT) {
                    byte[] digits =
                            new BigInteger(1, v)
                                    .toString()
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    feed.write(digits, 0, digits.length);
                } else {
                    escape(v, 0, v.length);
                }
            }
            feed.write((byte) '\n');
        } catch (java.io.InterruptedIOException e) {
            throw new InterruptedException(e.getMessage());
        } catch (java.io.IOException e) {
            throw failure(e);
        }
    }

    private static final byte[] NULL = {'\\', 'N'};

    /** Escapes what a value's stream hands over straight into the feed. */
    private final java.io.OutputStream sink =
            new java.io.OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    try {
                        escape(b, off, len);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("copy interrupted");
                    }
                }
            };

    /**
     * Per byte value: the letter that follows a backslash in its escape, or 0 when the byte goes as
     * it is.
     */
    private static final byte[] ESCAPES = new byte[256];

    static {
        ESCAPES['\\'] = '\\';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES[0] = '0';
    }

    /**
     * Escapes into the feed's buffer directly, a slice at a time (a value may be far larger than a
     * buffer). The bytes between two that need an escape go over as one array copy: most values
     * have none, so a value costs one scan and one copy instead of a store per byte.
     */
    private void escape(byte[] v, int from, int length)
            throws java.io.IOException, InterruptedException {
        int slice = feed.bufferSize() / 2;
        int to = from + length;
        for (int off = from; off < to; off += slice) {
            int end = Math.min(to, off + slice);
            byte[] buf = feed.reserve(2 * (end - off));
            int len = feed.position();
            int plain = off; // the first byte not yet in the buffer
            for (int k = off; k < end; k++) {
                byte e = ESCAPES[v[k] & 0xff];
                if (e != 0) {
                    System.arraycopy(v, plain, buf, len, k - plain);
                    len += k - plain;
                    buf[len++] = '\\';
                    buf[len++] = e;
                    plain = k + 1;
                }
            }
            System.arraycopy(v, plain, buf, len, end - plain);
            feed.advance(len + end - plain);
        }
    }

    @Override
    public void end(long rows) throws CopyFailure, InterruptedException {
        Result r;
        try {
            feed.finish();
            r = load.get();
        } catch (java.io.IOException e) {
            throw failure(e);
        } catch (ExecutionException e) {
            throw failure(e);
        } finally {
            Jdbc.closeQuietly(statement, null);
        }
        WarningJudge.Verdict verdict = WarningJudge.judge(table, r.warnings(), r.raised());
        if (r.rows() != rows || verdict.rejected() != null) {
            throw new CopyFailure(
                    CopyFailure.Side.TARGET,
                    new SQLException(
                            "LOAD DATA stored "
                                    + r.rows()
                                    + " of "
                                    + rows
                                    + " rows"
                                    + (verdict.rejected() == null
                                            ? ""
                                            : "; warning: " + verdict.rejected()),
                            "HY000",
                            r.warnings().isEmpty() ? 0 : r.warnings().get(0).code()));
        }
        link.accepted(table, verdict);
    }

    /**
     * Warnings that cannot change stored bytes let the chunk commit; they are logged, naming table
     * and column.
     */
    static void accepted(TableInfo table, WarningJudge.Verdict verdict) {
        if (!verdict.accepted().isEmpty()) {
            LOG.warn(
                    "{}: {} warning(s) that change no stored value, accepted; first: {}",
                    table.qualifiedName(),
                    verdict.accepted().size(),
                    verdict.accepted().get(0));
        }
    }

    /**
     * Per table, before its rows: a system-versioned table takes its ROW START / ROW END as sent; a
     * table with VIRTUAL generated columns may raise a warning per row, and all of them must be
     * seen to be judged.
     */
    static void prepareSession(Connection c, TableInfo table) throws SQLException {
        if (table.versioned()) {
            Jdbc.execute(c, "SET SESSION system_versioning_insert_history = 1");
        }
        if (table.columns().stream().anyMatch(ColumnInfo::virtual)) {
            Jdbc.execute(c, "SET SESSION max_error_count = 65535");
        }
    }

    static List<WarningJudge.Warning> warnings(Statement s) throws SQLException {
        List<WarningJudge.Warning> out = new ArrayList<>();
        for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
            out.add(new WarningJudge.Warning(w.getErrorCode(), w.getMessage()));
        }
        return out;
    }

    /**
     * How many warnings the last statement raised: SHOW WARNINGS keeps them, and shows at most
     * max_error_count.
     */
    static long warningCount(Statement s) throws SQLException {
        try (Statement count = s.getConnection().createStatement();
                ResultSet rs = count.executeQuery("SHOW COUNT(*) WARNINGS")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void abandon() {
        if (load == null) {
            return;
        }
        feed.abandon();
        try {
            load.get(); // the statement ends at once on the truncated data; the caller rolls it
            // back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the reader's failure is the one reported
        } finally {
            Jdbc.closeQuietly(statement, null);
        }
    }

    /**
     * The feed stopped taking rows because the statement ended: its own error is the one to report.
     */
    private CopyFailure failure(Exception cause) throws InterruptedException {
        Throwable e = cause;
        if (cause instanceof java.io.IOException) {
            try {
                load.get();
            } catch (ExecutionException x) {
                e = x;
            }
        }
        if (e instanceof ExecutionException x && x.getCause() != null) {
            e = x.getCause();
        }
        SQLException sql =
                e instanceof SQLException s
                        ? s
                        : new SQLException("LOAD DATA failed: " + e, "HY000", 0, e);
        return new CopyFailure(CopyFailure.Side.TARGET, sql);
    }
}
