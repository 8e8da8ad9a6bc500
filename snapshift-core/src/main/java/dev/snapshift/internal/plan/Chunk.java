package dev.snapshift.internal.plan;

import dev.snapshift.internal.schema.TableInfo;

/**
 * A unit of copy work, written to the target in one transaction (a keyset chunk in one transaction per page).
 *
 * @param lower inclusive lower bound of the integer key ({@link Mode#RANGE} only)
 * @param upper inclusive upper bound of the integer key ({@link Mode#RANGE} only)
 * @param rows  rows per chunk the table's size was cut for: the page size of a {@link Mode#KEYSET} walk
 */
public record Chunk(TableInfo table, int index, int of, Mode mode, String lower, String upper, int rows) {
    public enum Mode {
        /** A range of a single-column integer key: one statement, one transaction. */
        RANGE,
        /** The whole table ordered by its key, read in pages of {@code rows} rows, each page its own transaction. */
        KEYSET,
        /** The whole table without a usable key: one statement, one transaction. */
        WHOLE
    }

    @Override
    public String toString() {
        return table.qualifiedName() + " chunk " + (index + 1) + "/" + of + (mode == Mode.RANGE ? " [" + lower + ".." + upper + "]" : " " + mode);
    }
}
