package dev.snapshift.internal.copy;

import java.util.function.LongSupplier;

/**
 * A ceiling on the rows per second the copy reads from the source, over all workers together
 * ({@code --max-rate}): a busy production source keeps its headroom (its own queries' latency). The
 * snapshot then stays open longer, so the history list grows for longer: bench/source-impact.sh
 * measures both. Each worker asks for the rows it just read; the limiter books them one after the
 * other on a shared timeline and returns how long the worker must wait so that the timeline never
 * runs ahead of the rate by more than a tenth of a second (a small burst). Thread-safe.
 */
public final class RateLimiter {
    private static final long BURST_NANOS = 100_000_000L;

    private final double nanosPerRow;
    private final LongSupplier clock;
    private long nextFree;

    /**
     * @param rowsPerSecond the ceiling; at least 1
     * @param clock nanoseconds, monotonic (System::nanoTime)
     */
    public RateLimiter(long rowsPerSecond, LongSupplier clock) {
        if (rowsPerSecond < 1) {
            throw new IllegalArgumentException("rows per second must be at least 1");
        }
        this.nanosPerRow = 1e9 / rowsPerSecond;
        this.clock = clock;
        this.nextFree = clock.getAsLong();
    }

    /** Books {@code rows}; returns the nanoseconds to wait before reading on. */
    public synchronized long reserve(long rows) {
        long now = clock.getAsLong();
        nextFree = Math.max(nextFree, now) + (long) (rows * nanosPerRow);
        return Math.max(0, nextFree - now - BURST_NANOS);
    }

    /**
     * Books {@code rows} and waits as long as the rate requires. An interrupt ends the wait and is
     * kept on the thread (the copy checks it right after).
     */
    public void acquire(long rows) {
        long wait = reserve(rows);
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
