package dev.snapshift.api;

import java.time.Instant;
import java.util.List;

/**
 * The online catch-up ({@code migrate --online}): how far the source's binary log is applied to the
 * target, how far behind that is, and what it met on the way.
 *
 * @param onDdl the {@code --on-ddl} policy in force (STOP, APPLY, IGNORE)
 * @param start where the catch-up began: the snapshot's coordinates
 * @param applied the end of the last source transaction applied and committed on the target (its
 *     GTID, when the source gave one, in {@code gtidSet}); stored on the target in the same
 *     transaction as its rows
 * @param appliedEventTime the source's commit time of that transaction (from the binary log)
 * @param secondsBehind now minus the source commit time of the oldest transaction received but not
 *     applied yet; 0 when everything received is applied; -1 until known
 * @param bytesBehind bytes of binary log between the applied position and the source's current end,
 *     as last polled; -1 until known
 * @param sourceHead the source's current binary log position, as last polled (null until known)
 * @param eventsPerSecond binary log row events applied per second (recent average)
 * @param rowsPerSecond rows applied per second (recent average)
 * @param transactions source transactions applied (those touching no migrated table included)
 * @param events row events applied
 * @param rows rows applied
 * @param insertsReplaced inserted rows that found their row already on the target (replaced)
 * @param updatesMissing updated rows not found on the target (their new image was written)
 * @param deletesMissing deleted rows not found on the target
 * @param fullRowMatchTables tables without a primary or unique NOT NULL key: their updates and
 *     deletes find the row by every column
 * @param ddl schema changes met in the binary log, and what was done with each
 * @param binlogReconnects times the binary log connection was opened again after it was lost
 * @param targetRetries times the apply started again from the stored position after a target
 *     failure (lost connection, deadlock)
 * @param caughtUpAt when the applied position first reached what the source had written
 * @param notes anything else worth knowing (retention warnings, value warnings)
 */
public record CatchUpState(
        String onDdl,
        BinlogCoordinates start,
        BinlogCoordinates applied,
        Instant appliedEventTime,
        long secondsBehind,
        long bytesBehind,
        BinlogCoordinates sourceHead,
        double eventsPerSecond,
        double rowsPerSecond,
        long transactions,
        long events,
        long rows,
        long insertsReplaced,
        long updatesMissing,
        long deletesMissing,
        List<String> fullRowMatchTables,
        List<DdlEvent> ddl,
        int binlogReconnects,
        int targetRetries,
        Instant caughtUpAt,
        List<String> notes) {

    public CatchUpState {
        fullRowMatchTables =
                fullRowMatchTables == null ? List.of() : List.copyOf(fullRowMatchTables);
        ddl = ddl == null ? List.of() : List.copyOf(ddl);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One schema change in the binary log of a migrated database.
     *
     * @param position where its transaction starts: with STOPPED, everything before it is applied
     *     and nothing after it
     * @param database the statement's default database
     * @param action STOPPED, APPLIED, IGNORED (by --on-ddl), SKIPPED (triggers and events: created
     *     at cutover from the source's definitions)
     */
    public record DdlEvent(
            BinlogCoordinates position,
            String database,
            String statement,
            String action,
            Instant at) {}

    /** The catch-up stopped at a schema change (--on-ddl stop): that change, else null. */
    public DdlEvent stoppedAt() {
        return ddl.stream().filter(d -> "STOPPED".equals(d.action())).findFirst().orElse(null);
    }
}
