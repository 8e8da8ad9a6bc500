package dev.snapshift.api;

import java.time.Instant;
import java.util.List;

/**
 * What {@code snapshift verify} found: per table whether source and target hold the same rows, the
 * schema differences, and what the comparison can claim.
 *
 * @param consistency how the source's point in time was held (SNAPSHOT: one instant for every
 *     session; NONE: each session its own)
 * @param at the source's binlog coordinates of that instant, when known
 * @param writesOnSource rows were written on the source while it ran (seen in its counters)
 * @param writesOnTarget rows were written on the target while it ran: differences may be changes in
 *     flight (replication catching up), so differing chunks were compared again
 * @param schema differences between the definitions (databases, tables, columns, indexes, foreign
 *     keys, views, routines, triggers, events)
 * @param notes what else is worth knowing (objects not compared, transformations ignored)
 */
public record VerifyResult(
        String consistency,
        BinlogCoordinates at,
        boolean writesOnSource,
        boolean writesOnTarget,
        List<TableResult> tables,
        List<SchemaDifference> schema,
        List<String> notes,
        Instant startedAt,
        Instant finishedAt) {

    public VerifyResult {
        tables = List.copyOf(tables);
        schema = List.copyOf(schema);
        notes = List.copyOf(notes);
    }

    /** How one table compared. */
    public enum Outcome {
        /** Same rows on both sides. */
        EQUAL,
        /** Rows differ (see the keys). */
        DIFFERENT,
        /** The table is on the target only. */
        MISSING_ON_SOURCE,
        /** The table is on the source only. */
        MISSING_ON_TARGET,
        /** Not compared (see the note). */
        NOT_COMPARED
    }

    /**
     * @param sourceRows rows on the source at its instant
     * @param targetRows rows on the target as read
     * @param differingChunks chunks whose digests still differed after the re-checks
     * @param settledChunks chunks that differed and then compared equal on a re-check (changes in
     *     flight)
     * @param differingRows rows that differ (changed, missing on the target, or only on it)
     * @param differingKeys the first differing rows, named by key (e.g. {@code id=42 (differs)})
     */
    public record TableResult(
            String database,
            String table,
            Outcome outcome,
            long sourceRows,
            long targetRows,
            int chunks,
            int differingChunks,
            int settledChunks,
            long differingRows,
            List<String> differingKeys,
            String note) {
        public TableResult {
            differingKeys = differingKeys == null ? List.of() : List.copyOf(differingKeys);
        }

        public String qualifiedName() {
            return database + "." + table;
        }
    }

    /**
     * @param object what differs, e.g. {@code table shop.orders}, {@code view shop.v_sales}
     * @param difference how, e.g. {@code column price: decimal(10,2) on the source, decimal(10,3)
     *     on the target}
     */
    public record SchemaDifference(String object, String difference) {
        @Override
        public String toString() {
            return object + ": " + difference;
        }
    }

    /** Source and target hold the same rows and definitions. */
    public boolean equal() {
        return schema.isEmpty() && tables.stream().allMatch(t -> t.outcome() == Outcome.EQUAL);
    }

    /** Writes were seen on either server while the comparison ran. */
    public boolean writesSeen() {
        return writesOnSource || writesOnTarget;
    }

    public long differingRows() {
        return tables.stream().mapToLong(TableResult::differingRows).sum();
    }
}
