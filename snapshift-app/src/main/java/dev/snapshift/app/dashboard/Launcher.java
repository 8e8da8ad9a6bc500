package dev.snapshift.app.dashboard;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Migrations started from the wizard: each runs in its own thread, is served live from {@link
 * LiveRuns} and records its state under the state directory like a command-line run. {@link
 * #close()} interrupts them and waits for their cleanup (locks released, read_only restored).
 */
public final class Launcher implements AutoCloseable {
    private final LiveRuns live;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public Launcher(LiveRuns live) {
        this.live = live;
    }

    /**
     * Starts the migration and returns its run id (its provisional id if the run could not record
     * itself yet).
     */
    String start(MigrationConfig config) throws InterruptedException {
        Migration migration = Migration.of(config);
        String provisional = live.add(migration, config);
        Thread t = new Thread(migration::run, "snapshift-wizard-" + provisional);
        threads.add(t);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (migration.runId() == null && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return migration.runId() == null ? provisional : migration.runId();
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
