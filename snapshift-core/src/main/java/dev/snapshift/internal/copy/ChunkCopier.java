package dev.snapshift.internal.copy;

import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Streams one chunk from a snapshot session into one target transaction. Progress is reported only after the
 * target committed, so a failed chunk can simply be copied again.
 */
public final class ChunkCopier {
    /** Called after each committed target transaction with the rows it held and, for keyset pages, the last key. */
    @FunctionalInterface
    public interface Progress {
        void committed(long rows, byte[][] lastKey);
    }

    private final int pageRows;
    private final int maxStatementBytes;
    private final java.util.function.Function<TableInfo, TargetWriter> writers;

    /**
     * @param loadDataFolder null: multi-row INSERT; else LOAD DATA LOCAL INFILE from files in this private folder
     */
    public ChunkCopier(int pageRows, int maxStatementBytes, java.nio.file.Path loadDataFolder) {
        this.pageRows = pageRows;
        this.maxStatementBytes = maxStatementBytes;
        this.writers = loadDataFolder == null ? InsertWriter::new : t -> new LoadDataWriter(t, loadDataFolder);
    }

    /**
     * Copies the chunk; a keyset chunk continues after {@code resumeAfter} (null: from the start), the last key the
     * target committed before a failure.
     */
    public void copy(Chunk chunk, byte[][] resumeAfter, Connection source, Connection target, Progress progress)
            throws CopyFailure, InterruptedException {
        if (chunk.mode() != Chunk.Mode.KEYSET) {
            progress.committed(copyOne(chunk, null, source, target, null), null);
            return;
        }
        TableInfo t = chunk.table();
        List<ColumnInfo> read = ChunkSql.readColumns(t);
        int[] keyPositions = t.key().stream().mapToInt(read::indexOf).toArray();
        byte[][] after = resumeAfter;
        while (true) {
            byte[][] last = new byte[keyPositions.length][];
            long rows = copyOne(chunk, after, source, target, new KeyTracker(keyPositions, last));
            progress.committed(rows, rows > 0 ? last : null);
            if (rows < pageRows) {
                return;
            }
            after = last;
        }
    }

    /** Remembers the key of the last row streamed, for the next keyset page. */
    private record KeyTracker(int[] positions, byte[][] last) {
        void track(ResultSet rs) throws SQLException {
            for (int i = 0; i < positions.length; i++) {
                last[i] = rs.getBytes(positions[i] + 1);
            }
        }
    }

    private long copyOne(Chunk chunk, byte[][] after, Connection source, Connection target, KeyTracker keys)
            throws CopyFailure, InterruptedException {
        TableInfo t = chunk.table();
        int width = t.copiedColumns().size();
        TargetWriter writer = writers.apply(t);
        long rows = 0;
        try (Statement read = sourceStatement(source); Statement write = targetStatement(target)) {
            ResultSet rs;
            try {
                rs = read.executeQuery(ChunkSql.select(chunk, after, pageRows));
            } catch (SQLException e) {
                throw new CopyFailure(CopyFailure.Side.SOURCE, e);
            }
            try (rs) {
                while (next(rs)) {
                    byte[][] values = new byte[width][];
                    for (int i = 0; i < width; i++) {
                        values[i] = bytes(rs, i + 1);
                    }
                    writer.add(values);
                    if (keys != null) {
                        keys.track(rs);
                    }
                    rows++;
                    if (writer.pendingBytes() >= maxStatementBytes) {
                        flush(writer, write);
                        if (Thread.interrupted()) {
                            throw new InterruptedException("copy of " + chunk + " interrupted");
                        }
                    }
                }
            } catch (SQLException e) {
                throw new CopyFailure(CopyFailure.Side.SOURCE, e);
            }
            flush(writer, write);
            try {
                target.commit();
            } catch (SQLException e) {
                throw new CopyFailure(CopyFailure.Side.TARGET, e);
            }
            return rows;
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        } finally {
            if (rows > 0) {
                rollbackQuietly(target);
            }
        }
    }

    /** A failure here is the source's: a dead session must not pass for a target problem. */
    private static Statement sourceStatement(Connection source) throws CopyFailure {
        try {
            Statement read = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            read.setFetchSize(Integer.MIN_VALUE); // Connector/J streams row by row: memory stays bounded
            return read;
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.SOURCE, e);
        }
    }

    private static Statement targetStatement(Connection target) throws CopyFailure {
        try {
            return target.createStatement();
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        }
    }

    private static boolean next(ResultSet rs) throws SQLException {
        return rs.next();
    }

    private static byte[] bytes(ResultSet rs, int i) throws SQLException {
        return rs.getBytes(i);
    }

    private static void flush(TargetWriter writer, Statement write) throws CopyFailure {
        try {
            writer.flush(write);
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        }
    }

    /** After a commit this is a no-op; after a failure it discards the half-written chunk. */
    private static void rollbackQuietly(Connection target) {
        try {
            target.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolled back already
        }
    }
}
