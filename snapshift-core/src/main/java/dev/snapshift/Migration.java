package dev.snapshift;

import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.Status;
import dev.snapshift.internal.MigrationRunner;
import dev.snapshift.internal.OnlineResume;
import dev.snapshift.internal.state.CutoverRequests;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.internal.state.StateRecorder;
import dev.snapshift.internal.state.StateTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * One migration. {@link #run()} blocks until it ends and returns the final state; {@link #state()}
 * may be called from any thread at any time (terminal progress, dashboard). An online run ({@link
 * MigrationConfig#online()}) runs until a cutover completes: {@link #requestCutover} from this
 * process, or {@code snapshift cutover RUN_ID} from another.
 */
public final class Migration {
    private final MigrationConfig config;
    private final MigrationHooks hooks;
    private final StateTracker tracker;
    private final Clock clock;
    private final CutoverRequests inProcess = new CutoverRequests(null);

    /** The recorded run this one goes on with (null: a new run). */
    private final RunRecord resumed;

    /** A run resumed in its copy (its chunks kept), not in its online catch-up. */
    private final boolean copyResume;

    private volatile String runId;

    private Migration(
            MigrationConfig config,
            MigrationHooks hooks,
            Clock clock,
            StateTracker tracker,
            RunRecord resumed) {
        this(config, hooks, clock, tracker, resumed, false);
    }

    private Migration(
            MigrationConfig config,
            MigrationHooks hooks,
            Clock clock,
            StateTracker tracker,
            RunRecord resumed,
            boolean copyResume) {
        this.copyResume = copyResume;
        this.config = Objects.requireNonNull(config, "config");
        this.hooks = hooks == null ? MigrationHooks.NONE : hooks;
        this.clock = clock;
        this.tracker = tracker;
        this.resumed = resumed;
        this.runId = resumed == null ? null : resumed.runId();
    }

    public static Migration of(MigrationConfig config) {
        return of(config, MigrationHooks.NONE);
    }

    public static Migration of(MigrationConfig config, MigrationHooks hooks) {
        Clock clock = Clock.systemUTC();
        return new Migration(config, hooks, clock, new StateTracker(clock), null);
    }

    /**
     * An online run started again with its id (after SIGKILL, a stop at a schema change, a server
     * lost too long): it goes on catching up from the position the target holds for it.
     *
     * @param config the source and target to use (same servers as recorded; the source's identity
     *     is checked), the state directory holding the run, and the online options (--on-ddl)
     * @throws SnapshiftException USAGE when the run is unknown, still running, finished, or never
     *     got to the catch-up
     */
    public static Migration resume(MigrationConfig config, String runId, MigrationHooks hooks) {
        if (config.stateDir() == null) {
            throw new SnapshiftException(ErrorCode.USAGE, "resuming needs the state directory");
        }
        RunRecord r =
                RunStore.load(config.stateDir(), runId)
                        .orElseThrow(
                                () ->
                                        new SnapshiftException(
                                                ErrorCode.USAGE,
                                                "no run '"
                                                        + runId
                                                        + "' in "
                                                        + config.stateDir().toAbsolutePath()));
        MigrationState s = r.state();
        if (r.processAlive() && !r.finished()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run " + runId + " is still running (pid " + r.pid() + "): it needs no resume");
        }
        if (s != null && s.catchUp() == null && copyResumable(r)) {
            // killed or failed during the copy: its committed chunks are kept (issue #16)
            Clock clock = Clock.systemUTC();
            return new Migration(config, hooks, clock, StateTracker.resumed(clock, s), r, true);
        }
        if (s != null && s.catchUp() == null) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run "
                            + runId
                            + " got past its copy ("
                            + (s.phase() == Phase.DONE && s.status() == Status.COMPLETED
                                    ? "it completed"
                                    : "it stopped after the copy")
                            + "): nothing to resume; migrate again with --clean-target");
        }
        if (!config.isOnline()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run " + runId + " is an online run in its catch-up: resume it with --online");
        }
        if (s == null || s.catchUp() == null) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run "
                            + runId
                            + " never got to the online catch-up (it is "
                            + (s == null ? "unknown" : s.phase())
                            + "): only a run killed or failed during its copy, or an online run whose"
                            + " copy completed, can be resumed; migrate again with --clean-target");
        }
        if (s.phase() == Phase.DONE
                && s.status() == Status.COMPLETED
                && s.cutover() != null
                && s.cutover().finishedAt() != null) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "run " + runId + " is cut over already: nothing to resume");
        }
        Clock clock = Clock.systemUTC();
        return new Migration(config, hooks, clock, StateTracker.resumed(clock, s), r);
    }

    /**
     * A run that stopped in its copy (killed, or failed for good) and did not complete: its phase
     * reached is at most COPY.
     */
    private static boolean copyResumable(RunRecord r) {
        Phase reached = r.phaseReached() != null ? r.phaseReached() : r.state().phase();
        boolean completed =
                r.state().phase() == Phase.DONE && r.state().status() == Status.COMPLETED;
        return !completed
                && (reached == Phase.SNAPSHOT || reached == Phase.SCHEMA || reached == Phase.COPY);
    }

    public MigrationState state() {
        return tracker.snapshot();
    }

    /**
     * Waits, at most {@code maxMillis}, for a change a progress display shows at once (the phase,
     * the binlog coordinates, a table's status, the end) after {@code seen}: a value this returned
     * before, 0 at first. Returns the new value. Lets a display follow the run without polling.
     */
    public long awaitChange(long seen, long maxMillis) throws InterruptedException {
        return tracker.awaitChange(seen, maxMillis);
    }

    /**
     * Asks this online run to cut over (as {@code snapshift cutover} does from another process);
     * the state's {@code cutover} follows it.
     */
    public void requestCutover(CutoverRequest request) {
        inProcess.request(request);
    }

    /** Runs to the end; never throws for a failed migration: the returned state says why. */
    public MigrationState run() {
        if (config.stateDir() == null) {
            if (resumed != null) {
                throw new IllegalStateException("a resumed run needs its state directory");
            }
            new MigrationRunner(config, hooks, tracker, clock, null, inProcess).run();
            return tracker.snapshot();
        }
        // a new run's preflight probes open while its state directory and recorder are set up
        MigrationRunner.Links early = resumed == null ? MigrationRunner.Links.early(config) : null;
        try {
            RunStore store;
            try {
                store =
                        resumed == null
                                ? RunStore.create(config.stateDir(), config, clock)
                                : RunStore.reopen(
                                        config.stateDir(), resumed.runId(), config, clock);
            } catch (SnapshiftException e) {
                tracker.finish(e.code(), e.getMessage());
                return tracker.snapshot();
            }
            runId = store.runId();
            CutoverRequests files = inProcess.withDirectory(store.directory());
            // the recorder writes the state as it changes; closing it saves the final state before
            // run() returns, so a SIGTERM (whose hook waits for run() to return) never loses it
            try (store;
                    StateRecorder recorder =
                            StateRecorder.start(store, tracker::snapshot, Duration.ofMillis(100))) {
                if (resumed == null) {
                    new MigrationRunner(config, hooks, tracker, clock, store, files)
                            .with(early)
                            .run();
                } else if (copyResume) {
                    new MigrationRunner(config, hooks, tracker, clock, store, files)
                            .resumingCopy()
                            .run();
                } else {
                    new OnlineResume(config, hooks, tracker, clock, store, files).run();
                }
            }
            return tracker.snapshot();
        } finally {
            if (early != null) {
                early.close(); // the run closed them already, unless its set-up failed first
            }
        }
    }

    /**
     * The id under which the run state is kept ({@code snapshift status ID}); null without a state
     * directory.
     */
    public String runId() {
        return runId;
    }
}
