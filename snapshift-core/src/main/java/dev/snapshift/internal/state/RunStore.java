package dev.snapshift.internal.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of one run, so that {@code status} can explain it after anything, SIGKILL
 * included, and a later migrate can refuse a target this run may have left half-copied. One
 * directory per run under the state directory:
 *
 * <ul>
 *   <li>{@code run.json}: written once at the start: run id, pid, start time, redacted URLs, target
 *       address, databases;
 *   <li>{@code state.json}: replaced atomically as the state changes: the report JSON plus runId,
 *       pid, updatedAt and phaseReached (the furthest phase before DONE, which tells whether the
 *       run can have written to the target).
 * </ul>
 *
 * Neither file holds a password: the URLs are redacted and the report holds none.
 */
public final class RunStore implements AutoCloseable {
    static final String RUN_FILE = "run.json";
    static final String STATE_FILE = "state.json";
    static final long THROTTLE_MILLIS = 250;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String runId;
    private final Path directory;
    private final MigrationConfig config;
    private final Clock clock;
    private final long pid = ProcessHandle.current().pid();
    private MigrationState written;
    private MigrationState pending;
    private long writtenAtMillis;
    private Phase reached = Phase.STARTING;
    private boolean warned;

    private RunStore(String runId, Path directory, MigrationConfig config, Clock clock) {
        this.runId = runId;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A new run: id like {@code 20261124-043512-7f3a} (UTC start time + random hex), directory
     * {@code stateDir/<id>/}, with its {@code run.json}. Throws a usage error when the directory
     * cannot be written: better to stop now than to migrate without the record that protects the
     * next run.
     */
    public static RunStore create(Path stateDir, MigrationConfig config, Clock clock) {
        try {
            ensureDirectory(stateDir.toAbsolutePath());
            for (int attempt = 0; ; attempt++) {
                String id =
                        ID_TIME.format(clock.instant())
                                + String.format(
                                        "-%04x", ThreadLocalRandom.current().nextInt(0x10000));
                try {
                    Path dir = AtomicFile.createPrivateDirectory(stateDir.resolve(id));
                    AtomicFile.write(
                            dir.resolve(RUN_FILE),
                            JSON.writeValueAsBytes(runJson(id, config, clock)));
                    return new RunStore(id, dir, config, clock);
                } catch (FileAlreadyExistsException clash) {
                    if (attempt == 20) {
                        throw clash;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot record the run under "
                            + stateDir
                            + " ("
                            + e
                            + "); choose a writable directory with --state-dir",
                    e);
        }
    }

    private static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                AtomicFile.createPrivateDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                // another run created it meanwhile
            }
        }
    }

    private static ObjectNode runJson(String id, MigrationConfig config, Clock clock) {
        ObjectNode run = JSON.createObjectNode();
        run.put("runId", id);
        ProcessHandle self = ProcessHandle.current();
        run.put("pid", self.pid());
        self.info().startInstant().ifPresent(t -> run.put("pidStartedAt", t.toString()));
        run.put("startedAt", clock.instant().toString());
        run.put("source", config.source().redacted());
        run.put("target", config.target().redacted());
        run.put("targetAddress", config.target().address());
        run.put("threads", config.threads());
        config.databases().forEach(run.putArray("databases")::add);
        run.put("skipTargetBinlog", config.skipTargetBinlog());
        if (config.isOnline()) {
            run.put("onDdl", config.online().onDdl().name());
        }
        return run;
    }

    /**
     * Goes on recording an earlier run (an online run started again with its id): its {@code
     * run.json} now names this process, so {@code status} sees the run alive again.
     */
    public static RunStore reopen(
            Path stateDir, String runId, MigrationConfig config, Clock clock) {
        Path dir = stateDir.resolve(runId);
        try {
            ObjectNode run = (ObjectNode) JSON.readTree(dir.resolve(RUN_FILE).toFile());
            ProcessHandle self = ProcessHandle.current();
            run.put("pid", self.pid());
            self.info().startInstant().ifPresent(t -> run.put("pidStartedAt", t.toString()));
            run.put("resumedAt", clock.instant().toString());
            run.put("skipTargetBinlog", config.skipTargetBinlog());
            if (config.isOnline()) {
                run.put("onDdl", config.online().onDdl().name());
            }
            AtomicFile.write(dir.resolve(RUN_FILE), JSON.writeValueAsBytes(run));
            return new RunStore(runId, dir, config, clock);
        } catch (IOException | RuntimeException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot record run " + runId + " in " + dir + " again: " + e,
                    e);
        }
    }

    /**
     * A setting a run recorded in its {@code run.json} ({@code skipTargetBinlog}, {@code onDdl}),
     * or null.
     */
    public static String recorded(Path runDirectory, String field) {
        try {
            com.fasterxml.jackson.databind.JsonNode run =
                    JSON.readTree(runDirectory.resolve(RUN_FILE).toFile());
            return run.hasNonNull(field) ? run.get(field).asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public String runId() {
        return runId;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Writes {@code state.json} atomically: at most once per 250 ms, except when the status or
     * phase changed or the state is final (phase DONE); a state held back is written by a later
     * save or by {@link #close()}. An unchanged state is not written again. Thread-safe. Never
     * throws on I/O failure (a full disk must not break a migration): logs one WARN and keeps
     * trying on later saves.
     */
    public synchronized void save(MigrationState state) {
        if (state.phase() != Phase.DONE && state.phase().compareTo(reached) > 0) {
            reached = state.phase();
        }
        // a new status or phase is a new state: written without comparing the rest. The record's
        // equals walks every table's state, and its first calls make the JVM build method-handle
        // trees for those records' many components (~10 ms); the run's own thread saves right
        // after its phase changes, on the path to the first rows, so it does not compare: the
        // recorder's periodic saves, where nothing waits, skip an unchanged state
        boolean step =
                written == null
                        || state.status() != written.status()
                        || state.phase() != written.phase();
        if (!step && state.equals(written)) {
            pending = null;
            return;
        }
        long now = clock.millis();
        boolean due =
                step || state.phase() == Phase.DONE || now - writtenAtMillis >= THROTTLE_MILLIS;
        if (due) {
            write(state, now);
        } else {
            pending = state;
        }
    }

    /**
     * Writes {@code state.json} at once, unthrottled: for records that must be on disk before the
     * next step (a setting about to be changed on the source).
     */
    public synchronized void saveNow(MigrationState state) {
        if (state.phase() != Phase.DONE && state.phase().compareTo(reached) > 0) {
            reached = state.phase();
        }
        write(state, clock.millis());
    }

    private void write(MigrationState state, long now) {
        writtenAtMillis = now;
        try {
            ObjectNode json = JSON.createObjectNode();
            json.put("runId", runId);
            json.put("pid", pid);
            json.put("updatedAt", clock.instant().toString());
            json.put("phaseReached", reached.name());
            json.setAll(StateJson.toJson(state, config));
            AtomicFile.write(directory.resolve(STATE_FILE), JSON.writeValueAsBytes(json));
            written = state;
            pending = null;
        } catch (IOException | UncheckedIOException e) {
            pending = state;
            if (!warned) {
                warned = true;
                LOG.warn(
                        "cannot write the run state to {} ({}); the migration goes on, but `status` may show an older state",
                        directory,
                        e.toString());
            }
        }
    }

    /** Writes the last saved state if it was held back. */
    @Override
    public synchronized void close() {
        if (pending != null) {
            write(pending, clock.millis());
        }
    }

    /**
     * Every run in the directory, newest first; directories that are not readable runs are skipped.
     */
    public static List<RunRecord> list(Path stateDir) {
        return RunRecords.list(stateDir);
    }

    public static Optional<RunRecord> load(Path stateDir, String runId) {
        return RunRecords.load(stateDir, runId);
    }

    /**
     * The newest run on the same target address whose databases overlap {@code databases} (empty:
     * every database) and which did not end COMPLETED (failed, interrupted or killed) after it
     * began writing to the target: its copy may be partial. A database copied by a later COMPLETED
     * run on that target no longer counts. A run still in progress (its {@code processAlive}) is
     * returned too: it is writing to that target right now.
     */
    public static Optional<RunRecord> partialOn(
            Path stateDir, String targetAddress, List<String> databases) {
        return RunRecords.partialOn(stateDir, targetAddress, databases, r -> true);
    }

    /**
     * As {@link #partialOn(Path, String, List)}, but a finished or dead run counts only when {@code
     * leftOnTarget} says the target still holds something it may have left (see {@link
     * RunRecord#mayHaveLeftAny}): a target created afresh at the same address is not refused for
     * what happened to its predecessor. A run still in progress always counts.
     */
    public static Optional<RunRecord> partialOn(
            Path stateDir,
            String targetAddress,
            List<String> databases,
            java.util.function.Predicate<RunRecord> leftOnTarget) {
        return RunRecords.partialOn(stateDir, targetAddress, databases, leftOnTarget);
    }

    /**
     * Marks the source changes of a finished or dead run as put back (after {@code status
     * --repair}), so that status stops reporting them. Rewrites its state.json atomically.
     */
    public static void markSourceRestored(RunRecord run) {
        if (run.state() == null || run.state().sourceChanges().isEmpty()) {
            return;
        }
        Path file = run.directory().resolve(STATE_FILE);
        try {
            ObjectNode state = (ObjectNode) JSON.readTree(file.toFile());
            state.withArray("sourceChanges").forEach(c -> ((ObjectNode) c).put("restored", true));
            AtomicFile.write(file, JSON.writeValueAsBytes(state));
        } catch (IOException | RuntimeException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "the source was restored, but the run state in "
                            + run.directory()
                            + " could not be updated: "
                            + e,
                    e);
        }
    }

    /** {@code ${XDG_STATE_HOME:-~/.local/state}/snapshift} */
    public static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base =
                xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("snapshift");
    }
}
