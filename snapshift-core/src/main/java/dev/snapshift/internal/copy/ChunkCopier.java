package dev.snapshift.internal.copy;

import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streams one chunk from a snapshot session into the target, one transaction per page of a range or
 * keyset walk (one for a whole table). Progress is reported only after the target committed, so a
 * failed page can simply be copied again, from the last key committed.
 *
 * <p>Memory: rows stream from the source one at a time and into the target through a fixed set of
 * buffers, so a chunk needs a few MB whatever its size. A single row is held whole by the driver,
 * though, in a buffer grown packet by packet (about 2.5 times the row at its peak). Tables whose
 * columns can hold rows up to the source's {@code max_allowed_packet} (LONGBLOB, LONGTEXT, MEDIUM*,
 * JSON, geometry) reserve three times that, capped at the budget of half the heap, before their
 * chunk starts, and their large values are escaped from a view of the driver's buffer, never copied
 * whole: a few 64 MB rows at once cannot exhaust a small heap, such chunks wait for each other.
 */
public final class ChunkCopier {
    /** Column types whose values may approach max_allowed_packet. */
    static final Set<String> LARGE_TYPES =
            Set.of(
                    "longblob",
                    "longtext",
                    "mediumblob",
                    "mediumtext",
                    "json",
                    "geometry",
                    "linestring",
                    "polygon",
                    "multipoint",
                    "multilinestring",
                    "multipolygon",
                    "geometrycollection",
                    "geomcollection");

    /**
     * A large row costs the driver's packet, the row's values and the packet being read: about
     * three copies.
     */
    static final int LARGE_ROW_COPIES = 3;

    /**
     * Called after each committed target transaction with the rows it held and, for pages, the last
     * key.
     */
    @FunctionalInterface
    public interface Progress {
        void committed(long rows, byte[][] lastKey);

        /**
         * {@code rows} more rows streamed into the open target transaction (reported every {@value
         * #STREAM_REPORT}).
         */
        default void streamed(long rows) {}
    }

    /** Rows between two reports of streaming progress. */
    static final int STREAM_REPORT = 1024;

    private final int maxStatementBytes;
    private final boolean loadData;
    private final long largeRowBytes;
    private final Semaphore memoryKb;
    private final int memoryBudgetKb;
    private final LongAdder bytes = new LongAdder();

    /** Verifies each committed page; null: the copy is not verified. */
    private PageVerification verification;

    /**
     * @param loadData LOAD DATA LOCAL INFILE (else multi-row INSERT, cut at maxStatementBytes)
     * @param largeRowBytes the largest row the source can send: its max_allowed_packet
     * @param memoryBudget bytes that chunks of large-row tables may hold at once
     */
    public ChunkCopier(
            int maxStatementBytes, boolean loadData, long largeRowBytes, long memoryBudget) {
        this.maxStatementBytes = maxStatementBytes;
        this.loadData = loadData;
        this.largeRowBytes = largeRowBytes;
        this.memoryBudgetKb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, memoryBudget >> 10));
        this.memoryKb = new Semaphore(memoryBudgetKb, true);
    }

    boolean loadData() {
        return loadData;
    }

    /** Verifies every page after it committed, with {@code check}; before any copy starts. */
    public ChunkCopier verifying(PageCheck check) {
        this.verification = new PageVerification(check);
        return this;
    }

    /** Where the writers count the bytes they hand to the target. */
    LongAdder bytesCounter() {
        return bytes;
    }

    /**
     * Bytes handed to the target so far (as sent): the copy's throughput, for the adaptive
     * parallelism.
     */
    public long bytesWritten() {
        return bytes.sum();
    }

    static boolean isLarge(ColumnInfo c) {
        return LARGE_TYPES.contains(c.dataType().toLowerCase(Locale.ROOT));
    }

    /** Budget a chunk of this table reserves while it runs, in KB (0: rows are small). */
    int memoryCostKb(TableInfo t) {
        if (t.copiedColumns().stream().noneMatch(ChunkCopier::isLarge)) {
            return 0;
        }
        long kb =
                (largeRowBytes >> 10)
                        * LARGE_ROW_COPIES
                        * (loadData ? 1 : 3); // INSERT also holds the hex text
        return (int) Math.min(memoryBudgetKb, Math.max(1, kb));
    }

    /**
     * Copies the chunk; a keyset chunk continues after {@code resumeAfter} (null: from the start),
     * the last key the target committed before a failure.
     */
    public void copy(
            Chunk chunk,
            byte[][] resumeAfter,
            Connection source,
            TargetLink target,
            Progress progress)
            throws CopyFailure, InterruptedException {
        int cost = memoryCostKb(chunk.table());
        if (cost > 0) {
            memoryKb.acquire(cost);
        }
        try {
            copyChunk(chunk, resumeAfter, source, target, progress);
        } finally {
            if (cost > 0) {
                releaseRowBuffer(source);
                memoryKb.release(cost);
            }
        }
    }

    /**
     * A WHOLE chunk is one transaction. A RANGE or KEYSET chunk is read in pages of {@code
     * chunk.rows()} rows in key order, each page its own target transaction, progress (with the
     * page's last key, where a retry resumes) reported after each commit: a range that holds far
     * more rows than planned still makes no large transaction.
     */
    private void copyChunk(
            Chunk chunk,
            byte[][] resumeAfter,
            Connection source,
            TargetLink target,
            Progress progress)
            throws CopyFailure, InterruptedException {
        if (verification != null && verification.resume(chunk, source, target, recopy(chunk))) {
            return; // its last page had committed, and is verified now
        }
        if (chunk.mode() == Chunk.Mode.WHOLE) {
            long rows = copyOne(chunk, null, source, target, null, progress, null);
            progress.committed(rows, null);
            if (verification != null) {
                verification.page(
                        chunk,
                        null,
                        PageRange.whole(chunk.table()),
                        true,
                        source,
                        target,
                        recopy(chunk));
            }
            return;
        }
        byte[][] after = resumeAfter;
        while (true) {
            byte[][] last = new byte[chunk.table().key().size()][];
            long rows =
                    copyOne(chunk, after, source, target, keyTracker(chunk, last), progress, null);
            progress.committed(rows, rows > 0 ? last : null);
            boolean end = rows < chunk.rows() || reachedUpper(chunk, last);
            if (verification != null) {
                verification.page(
                        chunk,
                        after,
                        PageRange.of(chunk, after, end ? null : last),
                        end,
                        source,
                        target,
                        recopy(chunk));
            }
            if (end) {
                return;
            }
            after = last;
        }
    }

    private static KeyTracker keyTracker(Chunk chunk, byte[][] last) {
        List<ColumnInfo> read = ChunkSql.readColumns(chunk.table());
        List<ColumnInfo> key = chunk.table().key();
        int[] positions = new int[key.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = ChunkSql.position(read, key.get(i));
        }
        return new KeyTracker(positions, last);
    }

    /**
     * Copies one page of {@code chunk} again, after {@code after}, into a target transaction that
     * first deletes its range: the same rows (same snapshot), counted once.
     */
    private PageVerification.Recopy recopy(Chunk chunk) {
        return (after, range, source, target) -> {
            byte[][] last = new byte[chunk.table().key().size()][];
            copyOne(
                    chunk,
                    after,
                    source,
                    target,
                    chunk.mode() == Chunk.Mode.WHOLE ? null : keyTracker(chunk, last),
                    (rows, lastKey) -> {},
                    ChunkSql.deleteRange(range));
        };
    }

    /**
     * A full page ending on the range's upper bound is the last: no empty page read to learn it.
     */
    static boolean reachedUpper(Chunk chunk, byte[][] lastKey) {
        return chunk.mode() == Chunk.Mode.RANGE
                && new BigInteger(ChunkSql.integer(lastKey[0]))
                        .equals(new BigInteger(chunk.upper()));
    }

    /** Remembers the key of the last row streamed, for the next keyset page. */
    private record KeyTracker(int[] positions, byte[][] last) {
        void track(ResultSet rs) throws SQLException {
            for (int i = 0; i < positions.length; i++) {
                last[i] = rs.getBytes(positions[i] + 1);
            }
        }
    }

    private TargetWriter writer(TableInfo t, TargetLink target) {
        return loadData
                ? new LoadDataWriter(t, target)
                : new InsertWriter(t, target, maxStatementBytes, bytes);
    }

    /**
     * @param deleteFirst a DELETE run first in the same target transaction (a page copied again),
     *     or null
     */
    private long copyOne(
            Chunk chunk,
            byte[][] after,
            Connection source,
            TargetLink target,
            KeyTracker keys,
            Progress progress,
            String deleteFirst)
            throws CopyFailure, InterruptedException {
        TableInfo t = chunk.table();
        TargetWriter writer = writer(t, target);
        long rows = 0;
        boolean begun = false;
        boolean done = false;
        boolean committed = false;
        if (deleteFirst != null) {
            try (Statement delete = target.connection.createStatement()) {
                delete.executeUpdate(deleteFirst);
            } catch (SQLException e) {
                rollbackQuietly(target.connection);
                throw new CopyFailure(CopyFailure.Side.TARGET, e);
            }
        }
        try (Statement read = sourceStatement(source)) {
            ResultSet rs;
            try {
                rs = read.executeQuery(ChunkSql.select(chunk, after));
            } catch (SQLException e) {
                throw new CopyFailure(CopyFailure.Side.SOURCE, e);
            }
            if (memoryCostKb(t) > 0) {
                presizeRowBuffer(source);
            }
            try (rs) {
                while (rs.next()) {
                    if (!begun) {
                        writer.begin(); // at the first row: an empty range or last page costs the
                        // target nothing
                        begun = true;
                    }
                    writer.add(rs);
                    if (keys != null) {
                        keys.track(rs);
                    }
                    if (++rows % STREAM_REPORT == 0) {
                        progress.streamed(STREAM_REPORT);
                        if (Thread.interrupted()) {
                            throw new InterruptedException("copy of " + chunk + " interrupted");
                        }
                    }
                }
            } catch (SQLException e) {
                throw new CopyFailure(CopyFailure.Side.SOURCE, e);
            }
            if (!begun) {
                if (deleteFirst != null) {
                    commit(target);
                    committed = true;
                }
                return 0;
            }
            writer.end(rows);
            done = true;
            commit(target);
            committed = true;
            return rows;
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.SOURCE, e); // closing the source statement
        } finally {
            if (begun && !done) {
                writer.abandon();
            }
            if ((begun || deleteFirst != null) && !committed) {
                rollbackQuietly(target.connection); // discards the chunk after a failure
            }
        }
    }

    private static void commit(TargetLink target) throws CopyFailure {
        try {
            target.connection.commit();
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        }
    }

    /**
     * Gives the driver's row buffer room for the largest row the source can send before the rows of
     * a large-row chunk arrive. Otherwise the driver grows it packet by packet (16 MB at a time,
     * each step a new array and a copy), which at its peak holds about 2.5 times the row in several
     * huge arrays that the collector cannot move; in a small heap that fragments until a 64 MB row
     * no longer fits. Presized, a row costs itself plus one 16 MB packet. Only within the memory
     * budget; the buffer is released again after the chunk.
     */
    private void presizeRowBuffer(Connection source) {
        long size = largeRowBytes + (64 << 10);
        if (size > ((long) memoryBudgetKb << 10) || size > Integer.MAX_VALUE - 64) {
            return;
        }
        try {
            com.mysql.cj.NativeSession session =
                    (com.mysql.cj.NativeSession)
                            source.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getSession();
            com.mysql.cj.protocol.a.NativePacketPayload buffer =
                    session.getProtocol().getReusablePacket();
            if (buffer.getCapacity() < size) {
                buffer.setByteBuffer(new byte[(int) size]);
            }
        } catch (SQLException | RuntimeException e) {
            // not Connector/J's native protocol: the driver grows its buffer itself
        }
    }

    /**
     * The driver keeps the buffer of the largest row read so far for its next read, until that next
     * statement; a cheap statement now lets it go before another chunk reserves the memory, so
     * large rows never pile up across idle sessions.
     */
    private static void releaseRowBuffer(Connection source) {
        try (Statement s = source.createStatement()) {
            s.execute("DO 0");
        } catch (SQLException ignored) {
            // a dead session holds nothing
        }
    }

    /** A failure here is the source's: a dead session must not pass for a target problem. */
    private static Statement sourceStatement(Connection source) throws CopyFailure {
        try {
            Statement read =
                    source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            read.setFetchSize(
                    Integer.MIN_VALUE); // Connector/J streams row by row: memory stays bounded
            return read;
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.SOURCE, e);
        }
    }

    private static void rollbackQuietly(Connection target) {
        try {
            target.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolled back already
        }
    }
}
