package dev.snapshift.internal.verify;

import dev.snapshift.internal.copy.ChunkSql;
import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.EnumValues;
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

    /**
     * The columns a page's digest covers: every column the copy writes, but ENUM and SET columns
     * whose values may be set by key after the copy ({@link EnumValues#setByKey}: an ENUM's error
     * value in ucs2/utf16/utf32 or beside a declared '', a SET with a declared '' member): right
     * after the commit the target does not hold those values yet. Said once per table in its notes.
     */
    private java.util.List<ColumnInfo> columns(TableInfo t) {
        java.util.List<ColumnInfo> all = ChunkSql.readColumns(t);
        java.util.List<ColumnInfo> out = all.stream().filter(c -> !EnumValues.setByKey(c)).toList();
        if (out.size() < all.size() && noted.add(t.qualifiedName())) {
            tracker.noted(
                    t.database(),
                    t.name(),
                    "not in the chunk digests: "
                            + all.stream()
                                    .filter(EnumValues::setByKey)
                                    .map(ColumnInfo::name)
                                    .toList()
                            + " (ENUM/SET values the copy sets by key after the chunks; compare them"
                            + " with the verify command)");
        }
        return out;
    }

    private final java.util.Set<String> noted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Digest source(PageRange range, Connection source) throws SQLException {
        return RangeDigests.digest(source, range, columns(range.table()));
    }

    @Override
    public Digest target(PageRange range, Connection target) throws SQLException {
        return RangeDigests.digest(target, range, columns(range.table()));
    }

    @Override
    public Differences differences(PageRange range, Connection source, Connection target)
            throws SQLException {
        return RangeDigests.differences(source, target, range, columns(range.table()), MAX_KEYS);
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
