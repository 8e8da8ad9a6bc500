package dev.snapshift.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cutover of an online migration: writes stopped on the source, the binary log applied up to
 * the final position, the result compared, triggers created and events switched on.
 *
 * @param requestedAt when {@code snapshift cutover} asked for it
 * @param readOnly snapshift set the source read-only to stop writes ({@code --read-only}); else the
 *     user stopped them
 * @param writesStoppedAt when writes stopped: the read-only switch, else the request
 * @param finishedAt when the cutover ended (null while it runs)
 * @param finalCoordinates the source's binary log position once writes stopped: everything up to it
 *     is applied on the target
 * @param verify what was compared: COUNTS (rows per table), DIGEST (every row's bytes) or NONE
 * @param verdict the outcome
 * @param tables each migrated table as compared on both servers at the final position
 * @param notes what else happened (triggers created, events enabled, the source left read-only)
 * @param error why the cutover failed (null unless FAILED)
 */
public record CutoverState(
        Instant requestedAt,
        boolean readOnly,
        Instant writesStoppedAt,
        Instant finishedAt,
        BinlogCoordinates finalCoordinates,
        String verify,
        Verdict verdict,
        List<TableCheck> tables,
        List<String> notes,
        String error) {

    public CutoverState {
        tables = tables == null ? List.of() : List.copyOf(tables);
        notes = notes == null ? List.of() : List.copyOf(notes);
        verdict = verdict == null ? Verdict.IN_PROGRESS : verdict;
    }

    /** How a cutover ended. */
    public enum Verdict {
        IN_PROGRESS,
        /** Every compared table is equal on both servers at the final position. */
        VERIFIED,
        /** Applied up to the final position, but some table differs: see {@code tables}. */
        MISMATCH,
        /** Applied up to the final position; nothing was compared ({@code --verify none}). */
        UNVERIFIED,
        /** The cutover could not be completed: see {@code error}. */
        FAILED
    }

    /**
     * One table compared on both servers once writes stopped.
     *
     * @param sourceDigest hex digest of every row's bytes (null when only counted)
     */
    public record TableCheck(
            String database,
            String table,
            long sourceRows,
            long targetRows,
            String sourceDigest,
            String targetDigest) {
        public boolean equal() {
            return sourceRows == targetRows
                    && (sourceDigest == null || sourceDigest.equals(targetDigest));
        }
    }

    /** How long writes were stopped, up to the end of the cutover (or now, while it runs). */
    public Duration writesStopped(Instant now) {
        if (writesStoppedAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(writesStoppedAt, finishedAt == null ? now : finishedAt);
    }
}
