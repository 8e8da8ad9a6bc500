package dev.snapshift;

import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.MigrationRunner;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.internal.state.StateRecorder;
import dev.snapshift.internal.state.StateTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * One migration. {@link #run()} blocks until it ends and returns the final state; {@link #state()}
 * may be called from any thread at any time (terminal progress, dashboard).
 */
public final class Migration {
    private final MigrationConfig config;
    private final MigrationHooks hooks;
    private final StateTracker tracker;
    private final Clock clock;
    private volatile String runId;

    private Migration(MigrationConfig config, MigrationHooks hooks, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.hooks = hooks == null ? MigrationHooks.NONE : hooks;
        this.clock = clock;
        this.tracker = new StateTracker(clock);
    }

    public static Migration of(MigrationConfig config) {
        return new Migration(config, MigrationHooks.NONE, Clock.systemUTC());
    }

    public static Migration of(MigrationConfig config, MigrationHooks hooks) {
        return new Migration(config, hooks, Clock.systemUTC());
    }

    public MigrationState state() {
        return tracker.snapshot();
    }

    /** Runs to the end; never throws for a failed migration: the returned state says why. */
    public MigrationState run() {
        if (config.stateDir() == null) {
            new MigrationRunner(config, hooks, tracker, clock, null).run();
            return tracker.snapshot();
        }
        RunStore store;
        try {
            store = RunStore.create(config.stateDir(), config, clock);
        } catch (SnapshiftException e) {
            tracker.finish(e.code(), e.getMessage());
            return tracker.snapshot();
        }
        runId = store.runId();
        // the recorder writes the state as it changes; closing it saves the final state before
        // run() returns, so a
        // SIGTERM (whose hook waits for run() to return) never loses it
        try (store;
                StateRecorder recorder =
                        StateRecorder.start(store, tracker::snapshot, Duration.ofMillis(100))) {
            new MigrationRunner(config, hooks, tracker, clock, store).run();
        }
        return tracker.snapshot();
    }

    /**
     * The id under which the run state is kept ({@code snapshift status ID}); null without a state
     * directory.
     */
    public String runId() {
        return runId;
    }
}
