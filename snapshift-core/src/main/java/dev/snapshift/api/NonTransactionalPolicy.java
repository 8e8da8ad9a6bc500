package dev.snapshift.api;

import java.util.Locale;

/**
 * What to do with tables a consistent snapshot does not cover (MyISAM, MEMORY, Aria, CSV, ...):
 * {@code --non-transactional=lock|skip|fail}.
 */
public enum NonTransactionalPolicy {
    /** Copy them while the lock is still held: exact, but writers wait for that copy. */
    LOCK,
    /** Leave them out, and say so in the report. */
    SKIP,
    /** Refuse before anything locks (the default: no silent inconsistency, no surprise stall). */
    FAIL;

    public static NonTransactionalPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "unknown --non-transactional value '" + text + "': use lock, skip or fail");
        }
    }
}
