package dev.snapshift.internal.copy;

/**
 * How many copy workers run, found by hill climbing on the measured throughput instead of guessed.
 * The bytes per second at the current level are averaged over a window of ticks; then one step (a
 * worker more or less) is probed: its first tick is left out (the change settles), the next ones
 * are averaged, and the step is kept only if it gains at least 5%, in which case the next step goes
 * the same way. A step that does not pay is undone, and after a few steady ticks the other
 * direction is probed. Only ticks during which every running worker had work count, so the tail of
 * the copy does not read as a slowdown. With adaptation off every worker runs. Ticks come from one
 * thread; workers only read the limit.
 */
final class Parallelism {
    static final double GAIN = 1.05;

    /** Ticks averaged for one measurement. */
    static final int WINDOW = 2;

    static final int HOLD_TICKS = 3;

    private enum Phase {
        BASE,
        WARMUP,
        PROBE,
        HOLD
    }

    private final int max;
    private final boolean adaptive;
    private volatile int limit;
    private int base;
    private double baseRate;
    private int direction = 1;
    private Phase phase = Phase.BASE;
    private int ticksInPhase;
    private double sum;
    private int counted;
    private long lastBytes = -1;
    private long lastNanos;

    Parallelism(int max, boolean adaptive) {
        this.max = max;
        this.adaptive = adaptive;
        this.limit = starting(max, adaptive);
        this.base = limit;
    }

    /** The workers that run at first: all of them, or half when adapting (at least 2, if there). */
    static int starting(int max, boolean adaptive) {
        return adaptive ? Math.max(1, Math.min(max, Math.max(2, max / 2))) : max;
    }

    int limit() {
        return limit;
    }

    /**
     * One measurement: total bytes written so far at {@code nanos}; {@code saturated} says whether
     * there was work for every running worker during the tick. Returns the new limit.
     */
    int tick(long bytes, long nanos, boolean saturated) {
        if (!adaptive) {
            return limit;
        }
        boolean first = lastBytes < 0;
        double rate = first ? 0 : (bytes - lastBytes) * 1e9 / Math.max(1, nanos - lastNanos);
        lastBytes = bytes;
        lastNanos = nanos;
        if (first || !saturated) {
            sum = 0; // a window with idle workers says nothing about the level
            counted = 0;
            return limit;
        }
        switch (phase) {
            case HOLD -> {
                if (++ticksInPhase >= HOLD_TICKS) {
                    enter(Phase.BASE);
                }
            }
            case WARMUP -> enter(Phase.PROBE);
            case BASE, PROBE -> {
                sum += rate;
                if (++counted < WINDOW) {
                    return limit;
                }
                double measured = sum / counted;
                if (phase == Phase.BASE) {
                    baseRate = measured;
                    base = limit;
                    step();
                } else if (measured > baseRate * GAIN) {
                    base = limit; // the step paid: keep going the same way
                    baseRate = measured;
                    step();
                } else {
                    limit = base; // it did not: back, settle, and try the other way later
                    direction = -direction;
                    enter(Phase.HOLD);
                }
            }
            default -> throw new IllegalStateException();
        }
        return limit;
    }

    private void enter(Phase next) {
        phase = next;
        ticksInPhase = 0;
        sum = 0;
        counted = 0;
    }

    /**
     * Moves one worker in the current direction (turning at the bounds) and starts measuring the
     * new level.
     */
    private void step() {
        int next = Math.max(1, Math.min(max, limit + direction));
        if (next == limit) {
            direction = -direction;
            next = Math.max(1, Math.min(max, limit + direction));
        }
        if (next == limit) {
            enter(Phase.HOLD); // a single worker: nothing to try
            return;
        }
        limit = next;
        enter(Phase.WARMUP);
    }

    private final java.util.concurrent.atomic.AtomicInteger running =
            new java.util.concurrent.atomic.AtomicInteger();

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
}
