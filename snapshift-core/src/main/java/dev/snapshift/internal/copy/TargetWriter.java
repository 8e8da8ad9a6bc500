package dev.snapshift.internal.copy;

/**
 * Writes the rows of one chunk (or keyset page) into the current target transaction: {@link
 * #begin()}, rows, then {@link #end(long)}, which verifies that every row arrived. One per chunk;
 * used by one reader thread.
 */
interface TargetWriter {
    void begin() throws CopyFailure;

    /**
     * Appends the current row of {@code rs}: the raw values of the copied columns, in order, from
     * column 1. Blocks when the target is behind. A SQLException is the source's.
     */
    void add(java.sql.ResultSet rs) throws CopyFailure, InterruptedException, java.sql.SQLException;

    /**
     * Writes what is pending and checks that the target stored exactly {@code rows} rows, with no
     * warning.
     */
    void end(long rows) throws CopyFailure, InterruptedException;

    /**
     * The reader failed: end the statement in progress without waiting for more rows (the chunk is
     * rolled back).
     */
    void abandon();
}
