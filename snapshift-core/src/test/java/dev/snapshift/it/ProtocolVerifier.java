package dev.snapshift.it;

import dev.snapshift.api.Checkpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the snapshot protocol's order from checkpoint events, each annotated with whether the
 * server reported the global read lock as held at that moment: the coordinates and every snapshot
 * start must happen under the lock, every session exactly once.
 */
final class ProtocolVerifier {
    record Event(Checkpoint point, int session, boolean lockHeld) {}

    private ProtocolVerifier() {}

    static List<String> violations(List<Event> events, int sessions) {
        List<String> out = new ArrayList<>();
        int lockAt = indexOf(events, Checkpoint.LOCK_ACQUIRED);
        int unlockAt = indexOf(events, Checkpoint.UNLOCKED);
        if (lockAt < 0 || unlockAt < 0) {
            out.add("lock acquired/released not observed");
            return out;
        }
        Map<Integer, Integer> starts = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            boolean inWindow = i > lockAt && i < unlockAt;
            if (e.point() == Checkpoint.SNAPSHOT_STARTED
                    || e.point() == Checkpoint.COORDINATES_READ) {
                if (!inWindow || !e.lockHeld()) {
                    out.add(
                            e.point()
                                    + (e.session() >= 0 ? " of session " + e.session() : "")
                                    + " happened outside the lock");
                }
                if (e.point() == Checkpoint.SNAPSHOT_STARTED) {
                    starts.merge(e.session(), 1, Integer::sum);
                }
            }
            if (e.point() == Checkpoint.LOCK_ACQUIRED && !e.lockHeld()) {
                out.add("server did not show the global read lock after LOCK_ACQUIRED");
            }
            if (e.point() == Checkpoint.UNLOCKED && e.lockHeld()) {
                out.add("server still showed the global read lock after UNLOCKED");
            }
        }
        if (indexOf(events, Checkpoint.COORDINATES_READ) < 0) {
            out.add("coordinates never read");
        }
        for (int s = 0; s < sessions; s++) {
            if (starts.getOrDefault(s, 0) != 1) {
                out.add(
                        "session "
                                + s
                                + " started its snapshot "
                                + starts.getOrDefault(s, 0)
                                + " times");
            }
        }
        starts.keySet().stream()
                .filter(s -> s < 0 || s >= sessions)
                .forEach(s -> out.add("unexpected session " + s));
        return out;
    }

    private static int indexOf(List<Event> events, Checkpoint p) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).point() == p) {
                return i;
            }
        }
        return -1;
    }
}
