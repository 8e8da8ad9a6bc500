package dev.snapshift.app;

import dev.snapshift.api.Migration;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs one migration in the calling thread with terminal progress, and makes Ctrl-C / SIGTERM end it cleanly: the
 * shutdown hook interrupts the migration and waits for its cleanup (locks released, sessions closed).
 */
final class MigrationRun {
    private MigrationRun() {
    }

    static MigrationState execute(MigrationConfig config, PrintWriter out, boolean quiet, Path report) {
        return execute(config, MigrationHooks.NONE, out, quiet, report);
    }

    static MigrationState execute(MigrationConfig config, MigrationHooks hooks, PrintWriter out, boolean quiet, Path report) {
        Migration migration = Migration.of(config, hooks);
        Thread runner = Thread.currentThread();
        Thread hook = new Thread(() -> {
            runner.interrupt();
            try {
                runner.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "snapshift-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressPrinter progress = quiet ? null : ProgressPrinter.start(migration::state, out);
        MigrationState state;
        try {
            state = migration.run();
        } finally {
            if (progress != null) {
                progress.stop();
            }
        }
        MigrateCommand.finish(state, config, report, out);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us, and we are done
        }
        return state;
    }
}
