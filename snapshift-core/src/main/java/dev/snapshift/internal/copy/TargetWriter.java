package dev.snapshift.internal.copy;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Collects rows for one target statement and writes them: a multi-row INSERT, or LOAD DATA LOCAL INFILE streamed from
 * memory. One per chunk copy; not thread-safe.
 */
interface TargetWriter {
    /** Appends one row: the raw values of the copied columns, in order (null for NULL). */
    void add(byte[][] values);

    int pendingRows();

    /** Bytes held, to cut statements by size rather than by rows. */
    int pendingBytes();

    /** Writes what is pending in the current target transaction and resets; verifies every row arrived. */
    void flush(Statement target) throws SQLException;
}
