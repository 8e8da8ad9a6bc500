package dev.snapshift.internal.copy;

import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * One copy worker's way into the target: a prepared connection and, for LOAD DATA, the feed
 * installed on it and the thread that runs each LOAD statement while the worker's reader fills the
 * feed.
 */
final class TargetLink implements AutoCloseable {
    /**
     * Buffers of a feed and their size: 2 MB per worker, whatever the rows. Each buffer stays under
     * half of G1's smallest region (1 MB), so none is a humongous object that the collector cannot
     * move: scattered across a small heap, such buffers would keep it from finding room for one
     * large row.
     */
    static final int FEED_BUFFERS = 8;

    static final int FEED_BUFFER_BYTES = 256 << 10;

    final Connection connection;
    final LocalInfileFeed feed;
    private ExecutorService loader;

    /**
     * Where warnings accepted on this connection are reported (the table's notes in the run state).
     */
    private volatile BiConsumer<TableInfo, String> notes = (t, n) -> {};

    private TargetLink(Connection connection, LocalInfileFeed feed) {
        this.connection = connection;
        this.feed = feed;
    }

    TargetLink onNote(BiConsumer<TableInfo, String> sink) {
        this.notes = sink;
        return this;
    }

    /**
     * Warnings that change no stored value let the chunk commit; they are logged and recorded for
     * the report.
     */
    void accepted(TableInfo table, WarningJudge.Verdict verdict) {
        LoadDataWriter.accepted(table, verdict);
        if (!verdict.accepted().isEmpty()) {
            notes.accept(
                    table,
                    "accepted "
                            + verdict.accepted().size()
                            + " warning(s) that change no stored value,"
                            + " e.g. "
                            + verdict.accepted().get(0));
        }
    }

    /**
     * @param loadData LOAD DATA LOCAL INFILE through a feed; otherwise multi-row INSERT
     */
    static TargetLink open(Connections target, boolean loadData, boolean skipBinlog)
            throws SQLException {
        return open(target, loadData, skipBinlog, new java.util.concurrent.atomic.LongAdder());
    }

    /**
     * @param sent counts the bytes the feed hands to the target
     */
    static TargetLink open(
            Connections target,
            boolean loadData,
            boolean skipBinlog,
            java.util.concurrent.atomic.LongAdder sent)
            throws SQLException {
        Connection c = target.open(CopyEngine.TARGET_PURPOSE);
        try {
            LocalInfileFeed feed = null;
            if (loadData) {
                feed = new LocalInfileFeed(FEED_BUFFERS, FEED_BUFFER_BYTES, sent);
                TargetSession.installFeed(c, feed);
            }
            return new TargetLink(TargetSession.prepare(c, skipBinlog), feed);
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(c, null);
            throw e;
        }
    }

    /** The thread that runs LOAD statements, started on first use. */
    ExecutorService loader() {
        if (loader == null) {
            loader = Threads.single(Thread.currentThread().getName() + "-load");
        }
        return loader;
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing discards it anyway
        }
        Jdbc.closeQuietly(connection, null);
        if (loader != null) {
            loader.shutdownNow();
        }
    }
}
