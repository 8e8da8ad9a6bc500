package dev.snapshift.app;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.app.dashboard.DashboardServer;
import dev.snapshift.app.dashboard.LiveRuns;
import dev.snapshift.app.dashboard.UiAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one migration in the calling thread with terminal progress, and makes Ctrl-C / SIGTERM end
 * it cleanly: the shutdown hook interrupts the migration and waits for its cleanup (locks released,
 * sessions closed).
 */
final class MigrationRun {
    private MigrationRun() {}

    static MigrationState execute(
            MigrationConfig config, PrintWriter out, boolean quiet, Path report) {
        return execute(config, MigrationHooks.NONE, out, quiet, report);
    }

    static MigrationState execute(
            MigrationConfig config,
            MigrationHooks hooks,
            PrintWriter out,
            boolean quiet,
            Path report) {
        return execute(config, hooks, out, quiet, report, null, null);
    }

    /**
     * @param ui where to serve the dashboard of this run while it runs; null: no dashboard
     * @param resumeRunId the online run to go on with (null: a new run)
     */
    static MigrationState execute(
            MigrationConfig config,
            MigrationHooks hooks,
            PrintWriter out,
            boolean quiet,
            Path report,
            UiAddress ui,
            String resumeRunId) {
        Migration migration =
                resumeRunId == null
                        ? Migration.of(config, hooks)
                        : Migration.resume(config, resumeRunId, hooks);
        DashboardServer dashboard = null;
        LiveRuns live = null;
        if (ui != null) {
            live = new LiveRuns();
            live.add(migration, config);
            try {
                dashboard = DashboardServer.start(ui, live);
            } catch (RuntimeException e) {
                live.close();
                throw e;
            }
            out.println("Dashboard: " + dashboard.url());
            out.flush();
        }
        try {
            return run(migration, config, out, quiet, report);
        } finally {
            if (dashboard != null) {
                dashboard.close();
                live.close();
            }
        }
    }

    private static MigrationState run(
            Migration migration,
            MigrationConfig config,
            PrintWriter out,
            boolean quiet,
            Path report) {
        Thread runner = Thread.currentThread();
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            runner.interrupt();
                            try {
                                // wait for the cleanup (locks released, read_only restored,
                                // sessions closed), not for the thread:
                                // it may go on to System.exit, which blocks during shutdown
                                cleanedUp.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "snapshift-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressPrinter progress =
                quiet
                        ? null
                        : ProgressPrinter.start(
                                migration::state, migration::runId, migration::awaitChange, out);
        MigrationState state;
        try {
            state = migration.run();
            if (progress != null) {
                progress.stop();
            }
            MigrateCommand.finish(state, config, report, out);
            if (migration.runId() != null) {
                out.println(
                        "Run "
                                + migration.runId()
                                + ": bin/snapshift status "
                                + migration.runId()
                                + (config.stateDir() == null
                                        ? ""
                                        : " --state-dir " + config.stateDir()));
                out.flush();
            }
        } finally {
            cleanedUp.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us, and we are done
        }
        return state;
    }
}
