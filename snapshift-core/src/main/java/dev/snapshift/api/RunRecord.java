package dev.snapshift.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One recorded run, read back from its state directory: who ran it, where to, and its last saved
 * {@link MigrationState} (typed; null when the run died before its first save). What {@code
 * status}, the dashboard and the partial-target check know about a run that may be long gone.
 *
 * @param source the source's URL, without its password
 * @param databases the databases the run copied (requested ones until it resolved them; empty:
 *     every database)
 * @param threads copy workers (0: not recorded)
 * @param processAlive the process that wrote it still runs (same pid and start time)
 * @param phaseReached the furthest phase before DONE: whether the run can have written to the
 *     target
 * @param updatedAt when the state was last saved (null when never)
 */
public record RunRecord(
        String runId,
        Path directory,
        String source,
        String target,
        String targetAddress,
        List<String> databases,
        int threads,
        long pid,
        boolean processAlive,
        Instant startedAt,
        Instant updatedAt,
        Phase phaseReached,
        MigrationState state) {

    /** The status of a run whose process died before it finished. */
    public static final String INTERRUPTED = "INTERRUPTED";

    public RunRecord {
        databases = List.copyOf(databases);
    }

    /** The run reached its end (phase DONE), whatever the outcome. */
    public boolean finished() {
        return state != null && state.phase() == Phase.DONE;
    }

    /**
     * The recorded status (IN_PROGRESS, COMPLETED, FAILED...), or UNKNOWN when no state was saved.
     */
    public String status() {
        return state == null ? "UNKNOWN" : state.status().name();
    }

    /**
     * Not finished and its process is gone: killed (SIGKILL), crashed, or the machine went down.
     */
    public boolean interrupted() {
        return !finished() && !processAlive;
    }

    /**
     * The status to show for this run, the same in {@code status} and in the dashboard: what it
     * recorded, or {@value #INTERRUPTED} when its process is gone before it finished (its last
     * record still says IN_PROGRESS).
     */
    public String effectiveStatus() {
        return effectiveStatus(status(), finished(), processAlive);
    }

    /**
     * {@link #effectiveStatus()} as a pure function of the recorded status and the process's
     * liveness.
     */
    public static String effectiveStatus(String recorded, boolean finished, boolean processAlive) {
        return !finished && !processAlive ? INTERRUPTED : recorded;
    }

    /**
     * Settings the run changed on the source and did not put back (read-only mode killed mid-copy).
     */
    public List<SourceChange> unrestoredSourceChanges() {
        return state == null ? List.of() : state.unrestoredSourceChanges();
    }

    /** The source server's identity as recorded when the run began (null for older runs). */
    public String sourceServer() {
        return state == null ? null : state.sourceServer();
    }

    /**
     * The run may have written to the target without completing: it got as far as the snapshot
     * (where non-transactional tables are created) or further, and did not end COMPLETED. Runs
     * refused in preflight never wrote anything.
     */
    public boolean mayHavePartialCopy() {
        if (state == null || (finished() && state.status() == Status.COMPLETED)) {
            return false;
        }
        Phase reached = phaseReached != null ? phaseReached : state.phase();
        return reached.compareTo(Phase.SNAPSHOT) >= 0;
    }

    /**
     * Whether the target holds a table this run may have left there: one it recorded, or one of
     * {@code expected} (what a run over the same databases creates, for a run that died before it
     * recorded its tables), in a database it copied. Names compare case-insensitively: a target
     * with {@code lower_case_table_names=1} keeps them in lower case. Pure.
     *
     * @param onTarget the target's tables (and views) by database
     * @param expected the tables the new run is about to create, by database
     */
    public boolean mayHaveLeftAny(
            Map<String, ? extends Collection<String>> onTarget,
            Map<String, ? extends Collection<String>> expected) {
        Map<String, Set<String>> recorded = new HashMap<>();
        if (state != null) {
            state.databases()
                    .forEach(
                            d ->
                                    d.tables()
                                            .forEach(
                                                    t ->
                                                            recorded.computeIfAbsent(
                                                                            d.name(),
                                                                            k -> new HashSet<>())
                                                                    .add(t.name())));
        }
        for (Map.Entry<String, ? extends Collection<String>> db : onTarget.entrySet()) {
            if (!databases.isEmpty()
                    && databases.stream().noneMatch(db.getKey()::equalsIgnoreCase)) {
                continue;
            }
            Set<String> present = lowerCase(db.getValue());
            Set<String> candidates = new HashSet<>(recorded.getOrDefault(db.getKey(), Set.of()));
            Collection<String> more = expected.get(db.getKey());
            if (more != null) {
                candidates.addAll(more);
            }
            if (lowerCase(candidates).stream().anyMatch(present::contains)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lowerCase(Collection<String> names) {
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
        return out;
    }
}
