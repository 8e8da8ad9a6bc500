package dev.snapshift.internal.verify;

import dev.snapshift.internal.copy.ChunkSql;
import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The copy's proof, page by page ({@link PageCheck}): the digest of every column the copy wrote,
 * read on the snapshot session that copied the page and on the target after the commit; reported to
 * the run state (chunks verified, mismatches with their first differing keys).
 */
public final class CopyVerifier implements PageCheck {
    /** Differing keys named per table; the rest are counted. */
    public static final int MAX_KEYS = 10;

    private final StateTracker tracker;

    public CopyVerifier(StateTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public Digest source(PageRange range, Connection source) throws SQLException {
        return RangeDigests.digest(source, range, ChunkSql.readColumns(range.table()));
    }

    @Override
    public Digest target(PageRange range, Connection target) throws SQLException {
        return RangeDigests.digest(target, range, ChunkSql.readColumns(range.table()));
    }

    @Override
    public Differences differences(PageRange range, Connection source, Connection target)
            throws SQLException {
        return RangeDigests.differences(
                source, target, range, ChunkSql.readColumns(range.table()), MAX_KEYS);
    }

    @Override
    public void mismatchedOnce(PageRange range, Digest source, Digest target) {
        TableInfo t = range.table();
        tracker.retrying(
                t.database(),
                t.name(),
                "verification: "
                        + range
                        + " differs (source "
                        + source.rows()
                        + " rows, target "
                        + target.rows()
                        + " rows"
                        + (source.rows() == target.rows() ? ", other values" : "")
                        + "); copied again");
    }

    @Override
    public void mismatched(PageRange range, Differences differences) {
        TableInfo t = range.table();
        java.util.List<String> keys = new java.util.ArrayList<>(differences.keys());
        if (differences.count() > keys.size()) {
            keys.add("... " + (differences.count() - keys.size()) + " more in " + range);
        }
        tracker.verificationMismatch(t.database(), t.name(), keys);
    }

    @Override
    public void verified(Chunk chunk) {
        tracker.chunkVerified(chunk.table().database(), chunk.table().name());
    }
}
