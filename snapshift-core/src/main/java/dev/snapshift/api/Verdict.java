package dev.snapshift.api;

/**
 * What the verification of a copy proved, for one table or for the whole run.
 *
 * <p>A table is {@link #VERIFIED} when every one of its chunks had, inside the snapshot, the same
 * row count and the same row digest on the source and on the target; {@link #MISMATCH} when a chunk
 * still differed after it was copied once more; {@link #UNVERIFIED} otherwise (not copied, failed
 * for another reason, skipped, or still running). {@link #OFF}: the run was asked not to verify
 * ({@code --no-verify}).
 */
public enum Verdict {
    VERIFIED,
    MISMATCH,
    UNVERIFIED,
    OFF;

    /** The report's {@code verified} value of a table: true, false or "mismatch". */
    public Object reportValue() {
        return switch (this) {
            case VERIFIED -> Boolean.TRUE;
            case MISMATCH -> "mismatch";
            default -> Boolean.FALSE;
        };
    }
}
