package dev.snapshift.api;

import dev.snapshift.internal.MigrationRunner;
import dev.snapshift.internal.state.StateTracker;

import java.time.Clock;
import java.util.Objects;

/**
 * One migration. {@link #run()} blocks until it ends and returns the final state; {@link #state()} may be called from
 * any thread at any time (terminal progress, dashboard).
 */
public final class Migration {
    private final MigrationConfig config;
    private final MigrationHooks hooks;
    private final StateTracker tracker;
    private final Clock clock;

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
        new MigrationRunner(config, hooks, tracker, clock).run();
        return tracker.snapshot();
    }
}
