package dev.snapshift.internal.copy;

import dev.snapshift.internal.plan.Chunk;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies each page of the copy once it committed: its digest on the snapshot session that read
 * it, and on the target. A page that differs is copied once more, into a transaction that first
 * deletes its range; a page that differs again fails its table, naming the first differing keys.
 *
 * <p>A page whose check could not run (a session lost after the commit) stays pending: the chunk's
 * next attempt, on a spare session of the same snapshot or a fresh target connection, checks it
 * before it copies anything else, so no committed page goes unverified and none is copied twice.
 */
final class PageVerification {
    private static final Logger LOG = LoggerFactory.getLogger(PageVerification.class);

    /** Copies a page again, its range deleted first in the same target transaction. */
    @FunctionalInterface
    interface Recopy {
        void run(byte[][] after, PageRange range, Connection source, TargetLink target)
                throws CopyFailure, InterruptedException;
    }

    /** A committed page not verified yet; {@code end}: the chunk's last page. */
    private record Pending(byte[][] after, PageRange range, boolean end) {}

    private final PageCheck check;
    private final Map<Chunk, Pending> pending = new ConcurrentHashMap<>();

    PageVerification(PageCheck check) {
        this.check = check;
    }

    /**
     * Before a chunk's (next) attempt: verifies the page its previous attempt committed but could
     * not verify. True when that page was the chunk's last: the chunk is copied and verified.
     */
    boolean resume(Chunk chunk, Connection source, TargetLink target, Recopy recopy)
            throws CopyFailure, InterruptedException {
        Pending p = pending.get(chunk);
        if (p == null) {
            return false;
        }
        LOG.info(
                "{}: verifying {} (committed before the previous attempt failed)",
                chunk,
                p.range());
        verify(chunk, p, source, target, recopy);
        return p.end();
    }

    /** A page of {@code chunk} committed: verifies it (and, after the last page, the chunk). */
    void page(
            Chunk chunk,
            byte[][] after,
            PageRange range,
            boolean end,
            Connection source,
            TargetLink target,
            Recopy recopy)
            throws CopyFailure, InterruptedException {
        Pending p = new Pending(after, range, end);
        pending.put(chunk, p);
        verify(chunk, p, source, target, recopy);
    }

    private void verify(Chunk chunk, Pending p, Connection source, TargetLink target, Recopy recopy)
            throws CopyFailure, InterruptedException {
        PageRange range = p.range();
        PageCheck.Digest s = source(range, source);
        PageCheck.Digest t = target(range, target);
        boolean recopied = false;
        if (!s.equals(t)) {
            check.mismatchedOnce(range, s, t);
            if (chunk.table().versioned()) {
                LOG.warn(
                        "{}: not copied again: a DELETE on a system-versioned table would turn its rows into history",
                        range);
            } else {
                LOG.warn(
                        "{}: source {} rows, target {} rows, digests {}; copying it again",
                        range,
                        s.rows(),
                        t.rows(),
                        s.sum().equals(t.sum()) ? "equal" : "differ");
                recopy.run(p.after(), range, source, target);
                recopied = true;
                t = target(range, target);
            }
            if (!s.equals(t)) {
                PageCheck.Differences d;
                try {
                    d = check.differences(range, source, target.connection);
                } catch (SQLException e) {
                    d =
                            new PageCheck.Differences(
                                    java.util.List.of(
                                            "(could not list them: " + e.getMessage() + ")"),
                                    Math.abs(s.rows() - t.rows()));
                } finally {
                    endRead(target);
                }
                check.mismatched(range, d);
                pending.remove(chunk);
                if (recopied && t.rows() != s.rows()) {
                    // the range was emptied on the target and filled again from the source, in
                    // this snapshot, its row count checked on the target: the target holds the
                    // rows one source read returned, and the check (another read of the same
                    // snapshot) counted other rows
                    throw new VerificationMismatch(
                            "verification: "
                                    + range
                                    + ": "
                                    + SOURCE_CONTRADICTED
                                    + ": the copy read "
                                    + t.rows()
                                    + " row(s), the check "
                                    + s.rows()
                                    + " ("
                                    + d
                                    + "). "
                                    + SOURCE_CONTRADICTED_HINT);
                }
                throw new VerificationMismatch(
                        "verification: "
                                + range
                                + " differs between source and target after it was copied again: "
                                + d);
            }
        }
        pending.remove(chunk);
        if (p.end()) {
            check.verified(chunk);
        }
    }

    /** What a mismatch is when the source gave two answers for one range inside one snapshot. */
    static final String SOURCE_CONTRADICTED =
            "the source answered two reads of this range differently inside the one snapshot";

    static final String SOURCE_CONTRADICTED_HINT =
            "The source server's own snapshot reads disagree, which snapshift cannot mend: seen with"
                    + " MySQL 5.7.22 sources, whose InnoDB may return only the first rows of a range"
                    + " at a table's end while rows are appended to it (README, Sources). Run again,"
                    + " use --consistency read-only (no rows are appended during the copy), or"
                    + " upgrade the source.";

    private PageCheck.Digest source(PageRange range, Connection source) throws CopyFailure {
        try {
            return check.source(range, source);
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.SOURCE, e);
        }
    }

    /** Read after the commit, in a transaction of its own that ends at once. */
    private PageCheck.Digest target(PageRange range, TargetLink target) throws CopyFailure {
        try {
            return check.target(range, target.connection);
        } catch (SQLException e) {
            throw new CopyFailure(CopyFailure.Side.TARGET, e);
        } finally {
            endRead(target);
        }
    }

    private static void endRead(TargetLink target) {
        try {
            target.connection.rollback();
        } catch (SQLException ignored) {
            // a lost connection holds no transaction; the next statement says so
        }
    }
}
