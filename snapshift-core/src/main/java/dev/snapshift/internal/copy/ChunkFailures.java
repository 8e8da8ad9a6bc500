package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.retry.RetryPolicy;

/**
 * What to do after a chunk failed: a pure function of the failure and of the state of the session
 * it was read on, unit-tested both ways. Default-deny: anything not known to pass fails the table
 * (and only that table).
 */
public final class ChunkFailures {
    /** The next step for the chunk. */
    public enum Decision {
        /**
         * The source statement died, its session and snapshot did not (KILL QUERY): read again on
         * the same session.
         */
        RETRY_SAME_SESSION,
        /**
         * The source session is gone: continue on a spare of the same point in time (or requeue
         * when none is left).
         */
        SWAP_TO_SPARE,
        /**
         * The target transaction failed in a way that passes: roll back, open a fresh target
         * connection, copy again.
         */
        REOPEN_TARGET,
        /** Permanent, or retried too often: the table fails, the others go on. */
        FAIL_TABLE
    }

    private ChunkFailures() {}

    /**
     * @param sessionAlive the source session still answers (a statement failure on a dead session
     *     is a lost session, whatever its error code)
     * @param sourceAttempts attempts so far on the source side, this one included
     * @param targetAttempts attempts so far on the target side, this one included
     */
    public static Decision decide(
            CopyFailure.Side side,
            MySqlErrors.Kind kind,
            boolean sessionAlive,
            int sourceAttempts,
            int targetAttempts) {
        if (side == CopyFailure.Side.SOURCE) {
            if (kind == MySqlErrors.Kind.CONNECTION_LOST || !sessionAlive) {
                return Decision.SWAP_TO_SPARE;
            }
            return kind == MySqlErrors.Kind.TRANSIENT
                            && RetryPolicy.SOURCE_STATEMENT.retriesAfter(sourceAttempts)
                    ? Decision.RETRY_SAME_SESSION
                    : Decision.FAIL_TABLE;
        }
        return kind != MySqlErrors.Kind.PERMANENT
                        && RetryPolicy.TARGET_WRITE.retriesAfter(targetAttempts)
                ? Decision.REOPEN_TARGET
                : Decision.FAIL_TABLE;
    }
}
