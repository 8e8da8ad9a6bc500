package dev.snapshift.internal.plan;

import dev.snapshift.internal.schema.TableInfo;

/**
 * A unit of copy work: a range or a keyset walk, written to the target in one transaction per page
 * of {@code rows} rows, or a whole table without a usable key, in one transaction.
 *
 * @param lower inclusive lower bound of the integer key ({@link Mode#RANGE} only), an integer
 *     literal
 * @param upper inclusive upper bound of the integer key ({@link Mode#RANGE} only), an integer
 *     literal
 * @param rows rows per chunk the table's size was cut for: the page size of {@link Mode#RANGE} and
 *     {@link Mode#KEYSET} reads, so the largest target transaction whatever the planner's estimate
 */
public record Chunk(
        TableInfo table, int index, int of, Mode mode, String lower, String upper, int rows) {
    public enum Mode {
        /**
         * A range of a single-column integer key, read in key order in pages of {@code rows} rows,
         * each page its own transaction: a range that holds more rows than planned costs
         * parallelism, never a giant transaction.
         */
        RANGE,
        /**
         * The whole table ordered by its key, read in pages of {@code rows} rows, each page its own
         * transaction.
         */
        KEYSET,
        /** The whole table without a usable key: one statement, one transaction. */
        WHOLE
    }

    /**
     * By table and index, which agrees with the record's {@code equals}: a chunk is a map key
     * through the copy, and the record's own {@code hashCode} is an {@code invokedynamic} site
     * whose first run builds a method-handle tree (15 generated classes, every worker waiting on
     * it, on the path of the first rows).
     */
    @Override
    public int hashCode() {
        return 31 * table.hashCode() + index;
    }

    @Override
    public String toString() {
        return table.qualifiedName()
                + " chunk "
                + (index + 1)
                + "/"
                + of
                + (mode == Mode.RANGE ? " [" + lower + ".." + upper + "]" : " " + mode);
    }
}
