package dev.snapshift.app.dashboard;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table durations as the dashboard observed them: the state has no per-table times, so a table's
 * start is the first time it was seen in progress and its end the first time it was seen final.
 * Unknown for tables that went by between two observations.
 */
final class TableTimes {
    private record Times(Instant start, Instant end) {}

    private final Map<String, Times> times = new ConcurrentHashMap<>();

    /**
     * Records what this status tells and returns the duration in milliseconds, or -1 when unknown.
     */
    long observe(String runId, String db, String table, String status, Instant now) {
        String key = runId + '\u0000' + db + '\u0000' + table;
        boolean active = "IN_PROGRESS".equals(status) || "RETRYING".equals(status);
        boolean done = "COMPLETED".equals(status) || "FAILED".equals(status);
        Times t =
                times.compute(
                        key,
                        (k, old) -> {
                            if (old == null) {
                                return active ? new Times(now, null) : null;
                            }
                            return done && old.end() == null ? new Times(old.start(), now) : old;
                        });
        if (t == null) {
            return -1;
        }
        Instant end = t.end() != null ? t.end() : active ? now : null;
        return end == null ? -1 : end.toEpochMilli() - t.start().toEpochMilli();
    }
}
