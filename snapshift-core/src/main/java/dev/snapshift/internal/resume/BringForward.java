package dev.snapshift.internal.resume;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.catchup.RangeReplay;
import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotReads;
import dev.snapshift.internal.state.ChunkLog;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the chunks kept from an earlier point in time P1 to the new one P2, before the missing
 * chunks are copied at P2: (1) rows outside the kept chunks are deleted on the target (pages of
 * chunks cut short); (2) the binary log P1 -> P2 is applied to the kept key ranges ({@link
 * RangeReplay}); (3) with verification on, each kept chunk's digest is compared on a P2 snapshot
 * session and on the target, and a chunk that differs is deleted and copied again. After (1) and
 * (2) the target holds exactly the kept ranges as of P2, and the ranges still to copy are empty on
 * it, so the copy at P2 that follows completes every table as of P2.
 */
public final class BringForward {
    private static final Logger LOG = LoggerFactory.getLogger(BringForward.class);

    private final StateTracker tracker;
    private final MigrationHooks hooks;
    private final boolean skipBinlog;
    private final RangeReplay replay;

    public BringForward(
            String runId,
            StateTracker tracker,
            MigrationHooks hooks,
            boolean skipBinlog,
            Duration networkTimeout,
            Clock clock) {
        this.tracker = tracker;
        this.hooks = hooks;
        this.skipBinlog = skipBinlog;
        this.replay = new RangeReplay(runId, skipBinlog, networkTimeout, clock, hooks);
    }

    /**
     * Why the source cannot bring chunks forward from {@code from} (null: it can): the binary log
     * must be in row format with full images, and the file of {@code from} still on the server.
     */
    public static String whyNot(Connections source, BinlogCoordinates from) {
        if (from == null) {
            return "the point in time has no binary log coordinates";
        }
        try (Connection c = source.open("resume-check")) {
            String format = variable(c, "binlog_format");
            String image = variable(c, "binlog_row_image");
            if (!"ROW".equalsIgnoreCase(format)) {
                return "the source's binlog_format is " + format + ", not ROW";
            }
            if (image != null && !"FULL".equalsIgnoreCase(image)) {
                return "the source's binlog_row_image is " + image + ", not FULL";
            }
            List<String> files = Jdbc.query(c, "SHOW BINARY LOGS", rs -> rs.getString(1));
            if (!files.contains(from.file())) {
                return "the source's binary log file "
                        + from.file()
                        + " of the earlier point in time is gone (purged; the oldest is "
                        + (files.isEmpty() ? "none" : files.get(0))
                        + ")";
            }
            return null;
        } catch (SQLException e) {
            return "the source's binary log could not be checked: " + MySqlErrors.describe(e);
        }
    }

    private static String variable(Connection c, String name) throws SQLException {
        List<String> v =
                Jdbc.query(c, "SHOW GLOBAL VARIABLES LIKE '" + name + "'", rs -> rs.getString(2));
        return v.isEmpty() ? null : v.get(0).toUpperCase(Locale.ROOT);
    }

    /** Where an interrupted replay of this run got (the kept chunks are of that point), if any. */
    public java.util.Optional<BinlogCoordinates> replayedTo(Connections target) {
        return replay.stored(target);
    }

    /** Step 1: rows outside the kept chunks are deleted on the target. */
    public void deleteLeftovers(Connections target, List<TableInfo> tables, KeptChunks kept) {
        try (Connection c = TargetSession.prepare(target.open("resume"), skipBinlog)) {
            for (TableInfo t : tables) {
                long deleted = 0;
                for (String sql : Leftovers.statements(t, kept)) {
                    try (var st = c.createStatement()) {
                        deleted += st.executeUpdate(sql);
                    }
                    c.commit();
                }
                if (deleted > 0) {
                    LOG.info(
                            "{}: {} row(s) of chunks not kept deleted on the target",
                            t.qualifiedName(),
                            deleted);
                }
            }
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "deleting the rows of chunks not kept on the target failed: "
                            + MySqlErrors.describe(e),
                    e);
        }
    }

    /** Step 2: the binary log from the kept chunks' point to {@code to}, on their key ranges. */
    public RangeReplay.Result replay(
            Connections source,
            Connections target,
            List<TableInfo> tables,
            KeptChunks kept,
            BinlogCoordinates to)
            throws InterruptedException {
        long start = System.nanoTime();
        RangeReplay.Result r = replay.run(source, target, tables, kept, kept.at(), to);
        LOG.info(
                "resume: {} transaction(s), {} row event(s), {} row(s) applied to the {} kept chunk(s) ({} -> {}) in {} ms",
                r.transactions(),
                r.events(),
                r.rows(),
                kept.chunks(),
                kept.at(),
                to,
                (System.nanoTime() - start) / 1_000_000);
        return r;
    }

    /** The replay's position row is no longer needed (the chunk log says where the chunks are). */
    public void replayRecorded(Connections target) {
        replay.forget(target);
    }

    private static Chunk chunk(ChunkLog.Entry e, TableInfo t) {
        return "RANGE".equals(e.mode())
                ? new Chunk(t, 0, 1, Chunk.Mode.RANGE, e.lower(), e.upper(), 1000)
                : new Chunk(t, 0, 1, Chunk.Mode.valueOf(e.mode()), null, null, 1000);
    }

    /** Deletes a kept chunk that differed on the target; returns it, to copy again. */
    public Chunk deleteChunk(Connections target, ChunkLog.Entry e, List<TableInfo> tables) {
        TableInfo t =
                tables.stream()
                        .filter(
                                x ->
                                        x.database().equals(e.database())
                                                && x.name().equals(e.table()))
                        .findFirst()
                        .orElseThrow();
        Chunk chunk = chunk(e, t);
        try (Connection c = TargetSession.prepare(target.open("resume"), skipBinlog)) {
            Jdbc.execute(c, Leftovers.chunk(chunk));
            c.commit();
        } catch (SQLException ex) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "deleting a differing kept chunk on the target failed: "
                            + MySqlErrors.describe(ex),
                    ex);
        }
        // its rows per page: the table's chunks' size, as planned at the earlier point
        return new Chunk(t, 0, 1, chunk.mode(), chunk.lower(), chunk.upper(), 10_000);
    }

    /**
     * Step 3: each kept chunk compared on the new snapshot and on the target; returns those that
     * differ (to be forgotten, then deleted with {@link #deleteChunk} and copied again).
     */
    public List<ChunkLog.Entry> verify(
            Snapshot snapshot,
            Connections target,
            List<ChunkLog.Entry> entries,
            KeptChunks kept,
            List<TableInfo> tables,
            PageCheck check) {
        Map<String, TableInfo> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.database() + "\u0000" + t.name(), t));
        List<ChunkLog.Entry> again = new ArrayList<>();
        SnapshotReads reads = new SnapshotReads(snapshot, hooks);
        try (Connection c = TargetSession.prepare(target.open("resume-verify"), skipBinlog)) {
            for (ChunkLog.Entry e : entries) {
                TableInfo t = byName.get(e.database() + "\u0000" + e.table());
                if (t == null || !ChunkLog.samePoint(e.at(), kept.at())) {
                    continue;
                }
                Chunk chunk = chunk(e, t);
                PageRange range = PageRange.of(chunk, null, null);
                PageCheck.Digest source =
                        reads.read(
                                "verify the kept chunk " + chunk,
                                Checkpoint.PLANNING,
                                s -> check.source(range, s));
                PageCheck.Digest onTarget = check.target(range, c);
                c.commit();
                if (source.equals(onTarget)) {
                    check.verified(chunk);
                    continue;
                }
                LOG.error(
                        "{}: kept chunk differs after the binary log replay (source {} rows, target {} rows): copied again",
                        chunk,
                        source.rows(),
                        onTarget.rows());
                tracker.noted(
                        t.database(),
                        t.name(),
                        "resume: kept chunk " + chunk + " differed after the replay; copied again");
                again.add(e);
            }
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "verifying the kept chunks failed: " + MySqlErrors.describe(e),
                    e);
        }
        return again;
    }
}
