package dev.snapshift.internal.catchup;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counters of the catch-up, and the recent rates of applied events and rows (over the last {@value
 * #WINDOW_MILLIS} ms). Thread-safe: the applier counts, the state recorder reads.
 */
final class ApplyStats {
    static final long WINDOW_MILLIS = 5_000;

    private long transactions;
    private long events;
    private long rows;
    private long insertsReplaced;
    private long updatesMissing;
    private long deletesMissing;
    private int targetRetries;
    private final Deque<long[]> samples = new ArrayDeque<>();

    /** What one committed group added. */
    record Delta(
            long transactions,
            long events,
            long rows,
            long insertsReplaced,
            long updatesMissing,
            long deletesMissing) {}

    synchronized void committed(Delta d, long nowMillis) {
        transactions += d.transactions;
        events += d.events;
        rows += d.rows;
        insertsReplaced += d.insertsReplaced;
        updatesMissing += d.updatesMissing;
        deletesMissing += d.deletesMissing;
        samples.addLast(new long[] {nowMillis, d.events, d.rows});
        prune(nowMillis);
    }

    synchronized void targetRetry() {
        targetRetries++;
    }

    /** Restores the counters a resumed run recorded. */
    synchronized void restore(
            long transactions,
            long events,
            long rows,
            long insertsReplaced,
            long updatesMissing,
            long deletesMissing,
            int targetRetries) {
        this.transactions = transactions;
        this.events = events;
        this.rows = rows;
        this.insertsReplaced = insertsReplaced;
        this.updatesMissing = updatesMissing;
        this.deletesMissing = deletesMissing;
        this.targetRetries = targetRetries;
    }

    private void prune(long now) {
        while (!samples.isEmpty() && samples.peekFirst()[0] < now - WINDOW_MILLIS) {
            samples.removeFirst();
        }
    }

    /** Events and rows per second over the window: {events/s, rows/s}. */
    synchronized double[] rates(long nowMillis) {
        prune(nowMillis);
        long e = 0;
        long r = 0;
        for (long[] s : samples) {
            e += s[1];
            r += s[2];
        }
        double seconds = WINDOW_MILLIS / 1000.0;
        return new double[] {e / seconds, r / seconds};
    }

    synchronized long transactions() {
        return transactions;
    }

    synchronized long events() {
        return events;
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long insertsReplaced() {
        return insertsReplaced;
    }

    synchronized long updatesMissing() {
        return updatesMissing;
    }

    synchronized long deletesMissing() {
        return deletesMissing;
    }

    synchronized int targetRetries() {
        return targetRetries;
    }
}
