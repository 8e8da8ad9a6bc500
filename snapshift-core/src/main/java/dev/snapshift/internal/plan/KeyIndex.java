package dev.snapshift.internal.plan;

import java.sql.SQLException;
import java.util.List;

/**
 * The ordered keys of one table, as planning reads them: inside the snapshot, by index seeks and
 * bounded reads.
 */
interface KeyIndex {
    /** The smallest and the largest key; null when the table is empty. */
    KeyRange bounds() throws SQLException;

    /**
     * One {@link Probe} per range, in the same order, each reading at most {@code run} keys: one
     * round trip.
     */
    List<Probe> probe(List<KeyRange> ranges, int run) throws SQLException;

    /** The first {@code limit} keys of {@code range}, in order: one round trip. */
    List<java.math.BigInteger> keys(KeyRange range, int limit) throws SQLException;
}
