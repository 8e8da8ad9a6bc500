package dev.snapshift.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A request to cut an online migration over ({@code snapshift cutover RUN_ID}).
 *
 * @param requestedAt when it was asked for: also when writes count as stopped, unless snapshift
 *     stops them itself
 * @param readOnly snapshift makes the source read-only (through the same switch as {@code
 *     --consistency read-only}, restored if the cutover fails; left on when it succeeds); else the
 *     user stopped the writes
 * @param verify what is compared once the last change is applied
 * @param timeout the longest wait for the last changes to be applied
 */
public record CutoverRequest(
        Instant requestedAt, boolean readOnly, Verify verify, Duration timeout) {

    /** What the cutover compares between source and target once writes stopped. */
    public enum Verify {
        /** Nothing. */
        NONE,
        /** Rows per table. */
        COUNTS,
        /** Every row's bytes, per table (reads every migrated table on both servers). */
        DIGEST;

        public static Verify parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SnapshiftException(
                        ErrorCode.USAGE,
                        "unknown --verify '" + text + "': use none, counts or digest");
            }
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public CutoverRequest {
        Objects.requireNonNull(requestedAt, "requestedAt");
        verify = verify == null ? Verify.COUNTS : verify;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }
}
