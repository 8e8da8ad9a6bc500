package dev.snapshift.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads runs back from the state directory. Never writes. */
final class RunRecords {
    private static final Duration PID_START_TOLERANCE = Duration.ofSeconds(2);

    private RunRecords() {}

    private record Loaded(Instant startedAt, RunRecord record) {}

    static List<RunRecord> list(Path stateDir) {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        List<Loaded> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(stateDir)) {
            dirs.filter(Files::isDirectory).forEach(d -> read(d).ifPresent(runs::add));
        } catch (IOException e) {
            return List.of();
        }
        runs.sort(
                Comparator.comparing(Loaded::startedAt)
                        .thenComparing((Loaded l) -> l.record().runId())
                        .reversed());
        return runs.stream().map(Loaded::record).toList();
    }

    static Optional<RunRecord> load(Path stateDir, String runId) {
        if (runId == null || !runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return Optional.empty(); // never a path outside the state directory
        }
        return read(stateDir.resolve(runId)).map(Loaded::record);
    }

    static Optional<RunRecord> partialOn(
            Path stateDir,
            String targetAddress,
            List<String> databases,
            Predicate<RunRecord> leftOnTarget) {
        Set<String> settled =
                new HashSet<>(); // copied completely by a run newer than the one looked at
        for (RunRecord r : list(stateDir)) {
            if (!r.targetAddress().equalsIgnoreCase(targetAddress)) {
                continue;
            }
            if (r.finished() && "COMPLETED".equals(r.status())) {
                settled.addAll(r.databases());
            } else if (r.mayHavePartialCopy()
                    && overlaps(r.databases(), settled, databases)
                    && (r.processAlive() && !r.finished() || leftOnTarget.test(r))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** An empty list means every database: it overlaps anything. */
    private static boolean overlaps(
            List<String> runDatabases, Set<String> settled, List<String> requested) {
        if (runDatabases.isEmpty()) {
            return true;
        }
        List<String> open = runDatabases.stream().filter(d -> !settled.contains(d)).toList();
        return requested.isEmpty() ? !open.isEmpty() : open.stream().anyMatch(requested::contains);
    }

    private static Optional<Loaded> read(Path dir) {
        try {
            JsonNode run = RunStore.JSON.readTree(dir.resolve(RunStore.RUN_FILE).toFile());
            JsonNode saved = readState(dir.resolve(RunStore.STATE_FILE));
            MigrationState state = saved == null ? null : StateJson.fromJson(saved);
            long pid = run.path("pid").asLong(-1);
            String runId = run.path("runId").asText(dir.getFileName().toString());
            Instant startedAt = Instant.parse(run.path("startedAt").asText());
            RunRecord r =
                    new RunRecord(
                            runId,
                            dir,
                            run.path("source").asText(null),
                            run.path("target").asText(null),
                            run.path("targetAddress").asText(),
                            databases(run, state),
                            run.path("threads")
                                    .asInt(saved == null ? 0 : saved.path("threads").asInt(0)),
                            pid,
                            alive(pid, instant(run.path("pidStartedAt").asText(null))),
                            startedAt,
                            saved == null ? null : instant(saved.path("updatedAt").asText(null)),
                            saved == null
                                    ? null
                                    : phase(
                                            saved.path("phaseReached")
                                                    .asText(saved.path("phase").asText())),
                            state);
            return Optional.of(new Loaded(startedAt, r));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JsonNode readState(Path file) {
        try {
            return Files.exists(file) ? RunStore.JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The databases the run resolved (in its state), else those it was asked for. */
    private static List<String> databases(JsonNode run, MigrationState state) {
        List<String> out = new ArrayList<>();
        if (state != null) {
            state.databases().forEach(d -> out.add(d.name()));
        }
        if (out.isEmpty()) {
            run.path("databases").forEach(d -> out.add(d.asText()));
        }
        return out;
    }

    /** Alive, and the same process: a pid reused after a reboot has another start time. */
    static boolean alive(long pid, Instant pidStartedAt) {
        Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return pidStartedAt == null
                || start.isEmpty()
                || Duration.between(start.get(), pidStartedAt).abs().compareTo(PID_START_TOLERANCE)
                        <= 0;
    }

    static Phase phase(String name) {
        try {
            return Phase.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Phase.STARTING;
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
