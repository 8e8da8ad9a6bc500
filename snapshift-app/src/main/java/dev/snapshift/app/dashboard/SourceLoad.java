package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a long snapshot costs the source: its age, and the InnoDB history list length over time
 * (undo that purge cannot remove while the snapshot may still need it). Thread-safe; bounded to
 * {@link #MAX_SAMPLES} samples (older ones are thinned out).
 */
final class SourceLoad {
    static final int MAX_SAMPLES = 720;

    /**
     * Warn when the list grew by half since the snapshot was taken, and by at least this many
     * transactions.
     */
    static final long WARN_GROWTH = 1_000;

    static final long WARN_ABOVE = 1_000_000;

    record Sample(Instant at, long length) {}

    private final List<Sample> samples = new ArrayList<>();
    private Instant snapshotAt;
    private Instant snapshotEnd;
    private Sample atSnapshot;
    private String error;
    private volatile Map<String, Long> tableBytes = Map.of();

    /** The source's size estimate (data length) of each table, keyed {@code db + "." + table}. */
    void tableBytes(Map<String, Long> sizes) {
        tableBytes = Map.copyOf(sizes);
    }

    Map<String, Long> tableBytes() {
        return tableBytes;
    }

    synchronized void snapshotTaken(Instant at) {
        if (snapshotAt == null) {
            snapshotAt = at;
        }
    }

    synchronized void ended(Instant at) {
        if (snapshotAt != null && snapshotEnd == null) {
            snapshotEnd = at;
        }
    }

    synchronized void sample(Instant at, long length) {
        Sample s = new Sample(at, length);
        if (snapshotAt != null && atSnapshot == null) {
            atSnapshot = s;
        }
        if (samples.size() == MAX_SAMPLES) {
            for (int i = samples.size() - 2; i > 0; i -= 2) {
                samples.remove(i);
            }
        }
        samples.add(s);
        error = null;
    }

    synchronized void failed(String why) {
        error = why;
    }

    synchronized ObjectNode json(Instant now) {
        ObjectNode n = Http.JSON.createObjectNode();
        if (snapshotAt == null) {
            n.putNull("snapshotAgeMillis");
        } else {
            n.put(
                    "snapshotAgeMillis",
                    Duration.between(snapshotAt, snapshotEnd == null ? now : snapshotEnd)
                            .toMillis());
        }
        ArrayNode list = n.putArray("historyList");
        for (Sample s : samples) {
            list.addObject().put("at", s.at().toString()).put("length", s.length());
        }
        n.put(
                "historyListWarning",
                warning(
                        atSnapshot == null ? null : atSnapshot.length(),
                        samples.isEmpty() ? null : samples.get(samples.size() - 1).length()));
        n.put("historyListError", error);
        return n;
    }

    /**
     * Pure: the warning for a list that went from {@code base} (at the snapshot) to {@code now}, or
     * null.
     */
    static String warning(Long base, Long now) {
        if (now == null) {
            return null;
        }
        if (base != null && now - base >= WARN_GROWTH && now >= base * 3 / 2) {
            return String.format(
                    Locale.ROOT,
                    "The source's history list length grew from %,d to %,d since the snapshot was"
                            + " taken: purge keeps the undo the snapshot may still read, and reads slow down as it grows. It shrinks"
                            + " once the copy ends; a copy with more threads ends sooner.",
                    base,
                    now);
        }
        if (now > WARN_ABOVE) {
            return String.format(
                    Locale.ROOT,
                    "The source's history list length is %,d: purge is far behind and snapshot"
                            + " reads slow down.",
                    now);
        }
        return null;
    }
}
