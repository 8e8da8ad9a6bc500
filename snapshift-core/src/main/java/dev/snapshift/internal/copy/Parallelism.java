package dev.snapshift.internal.copy;

/**
 * How many copy workers run, found by hill climbing on the measured throughput instead of guessed: every tick it
 * compares the bytes per second written at the current level with the level before, moves one step while that gains
 * at least 5%, steps back when it does not, and after a few steady ticks probes the other way. Only ticks during
 * which every running worker had work count, so the tail of the copy does not read as a slowdown. With adaptation
 * off, every worker runs. Ticks come from one thread; workers only read the limit.
 */
final class Parallelism {
    static final double GAIN = 1.05;
    static final int HOLD_TICKS = 3;

    private final int max;
    private final boolean adaptive;
    private volatile int limit;
    private int base;
    private double baseRate = -1;
    private int direction = 1;
    private boolean probing;
    private int hold;
    private long lastBytes = -1;
    private long lastNanos;

    Parallelism(int max, boolean adaptive) {
        this.max = max;
        this.adaptive = adaptive;
        this.limit = adaptive ? Math.max(1, Math.min(max, Math.max(2, max / 2))) : max;
        this.base = limit;
    }

    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

    /** Takes a running slot if fewer than the limit are running; any live worker may take one. */
    boolean tryEnter() {
        while (true) {
            int r = running.get();
            if (r >= limit) {
                return false;
            }
            if (running.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void exit() {
        running.decrementAndGet();
    }

    int limit() {
        return limit;
    }

    /**
     * One measurement: total bytes written so far at {@code nanos}; {@code saturated} says whether there was work
     * for every running worker during the tick. Returns the new limit.
     */
    int tick(long bytes, long nanos, boolean saturated) {
        if (!adaptive) {
            return limit;
        }
        if (lastBytes < 0 || !saturated) {
            lastBytes = bytes;
            lastNanos = nanos;
            probing = false;
            return limit;
        }
        double rate = (bytes - lastBytes) * 1e9 / Math.max(1, nanos - lastNanos);
        lastBytes = bytes;
        lastNanos = nanos;
        if (probing) {
            probing = false;
            if (rate > baseRate * GAIN) {
                base = limit;          // the step paid: keep going the same way
                baseRate = rate;
                step();
            } else {
                limit = base;          // it did not: back, settle, and try the other way later
                direction = -direction;
                hold = HOLD_TICKS;
            }
            return limit;
        }
        baseRate = rate;
        if (hold > 0) {
            hold--;
            return limit;
        }
        base = limit;
        step();
        return limit;
    }

    private void step() {
        int next = Math.max(1, Math.min(max, limit + direction));
        if (next == limit) {
            direction = -direction;
            next = Math.max(1, Math.min(max, limit + direction));
        }
        if (next != limit) {
            limit = next;
            probing = true;
        }
    }
}
