package dev.snapshift.internal.copy;

import dev.snapshift.internal.plan.Chunk;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Proves each page of the copy: its digest on the snapshot session that read it (the copied
 * instant) and on the target right after it committed. The copy calls it; {@code internal.verify}
 * implements it. A failure of its reads is the side's own, like any copy failure.
 */
public interface PageCheck {
    /** Row count and row-hash sum of a range on one server. */
    record Digest(long rows, BigInteger sum) {
        // written out: the record's own equals is an invokedynamic site whose first run (the first
        // page verified, every worker at once) builds a method-handle tree
        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && rows == d.rows && java.util.Objects.equals(sum, d.sum);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(rows) + java.util.Objects.hashCode(sum);
        }
    }

    /** What differs in a range after its second copy: the first keys, and how many differ. */
    record Differences(java.util.List<String> keys, long count) {
        @Override
        public String toString() {
            return count
                    + " row(s) differ, first: "
                    + String.join(", ", keys)
                    + (count > keys.size() ? " (and " + (count - keys.size()) + " more)" : "");
        }
    }

    Digest source(PageRange range, Connection source) throws SQLException;

    Digest target(PageRange range, Connection target) throws SQLException;

    /**
     * The rows of a range whose hashes differ between the two sides (or exist on one side only).
     */
    Differences differences(PageRange range, Connection source, Connection target)
            throws SQLException;

    /** The range differed once and is copied again. */
    void mismatchedOnce(PageRange range, Digest source, Digest target);

    /** The range differed again after its second copy: the table fails with these rows. */
    void mismatched(PageRange range, Differences differences);

    /** Every page of the chunk was verified. */
    void verified(Chunk chunk);
}
