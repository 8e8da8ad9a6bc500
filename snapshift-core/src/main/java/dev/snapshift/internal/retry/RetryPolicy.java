package dev.snapshift.internal.retry;

import java.time.Duration;

/**
 * How often and how patiently a step is tried: at most {@code attempts} times, waiting {@code
 * initialBackoff} after the first failure, doubling up to {@code maxBackoff}.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {
    /**
     * Steps before the point in time exists (connecting, reading the catalog): nothing is held,
     * just reconnect.
     */
    public static final RetryPolicy RECONNECT =
            new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(2));

    /** Opening one snapshot session, or the coordinator, when its connection is lost meanwhile. */
    public static final RetryPolicy SESSION =
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400));

    /** A bounded lock attempt: between attempts writers flow freely. */
    public static final RetryPolicy LOCK =
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2));

    /** A chunk's target transaction that failed transiently, on a fresh target connection. */
    public static final RetryPolicy TARGET_WRITE =
            new RetryPolicy(4, Duration.ofMillis(400), Duration.ofSeconds(5));

    /**
     * A chunk's source statement killed or interrupted on a live session (KILL QUERY): the same
     * session again.
     */
    public static final RetryPolicy SOURCE_STATEMENT =
            new RetryPolicy(4, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** The pause after failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    /** Whether another attempt follows failed attempt {@code attempt} (1-based). */
    public boolean retriesAfter(int attempt) {
        return attempt < attempts;
    }
}
