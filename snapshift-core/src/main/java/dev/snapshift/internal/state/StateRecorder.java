package dev.snapshift.internal.state;

import dev.snapshift.api.MigrationState;
import dev.snapshift.internal.concurrent.Threads;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Hands a migration's state to its {@link RunStore} on a daemon thread ({@code snapshift-state})
 * every interval, and once more when closed, so the record follows the tracker without the tracker
 * knowing about files. The store decides what is actually written (throttled, unchanged states
 * skipped).
 */
public final class StateRecorder implements AutoCloseable {
    private final RunStore store;
    private final Supplier<MigrationState> state;
    private final Duration interval;
    private final Thread thread;

    private StateRecorder(RunStore store, Supplier<MigrationState> state, Duration interval) {
        this.store = store;
        this.state = state;
        this.interval = interval;
        this.thread = Threads.named("snapshift-state").newThread(this::loop);
    }

    public static StateRecorder start(
            RunStore store, Supplier<MigrationState> state, Duration interval) {
        StateRecorder r = new StateRecorder(store, state, interval);
        store.save(state.get());
        r.thread.start();
        return r;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            store.save(state.get());
        }
    }

    /**
     * Stops the thread and saves the current (normally final) state; the store itself stays open.
     */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(interval.toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.save(state.get());
    }
}
