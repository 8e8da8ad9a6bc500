package dev.snapshift.app;

import dev.snapshift.Runs;
import dev.snapshift.app.dashboard.AllRuns;
import dev.snapshift.app.dashboard.DashboardServer;
import dev.snapshift.app.dashboard.Launcher;
import dev.snapshift.app.dashboard.LiveRuns;
import dev.snapshift.app.dashboard.StoredRuns;
import dev.snapshift.app.dashboard.UiAddress;
import dev.snapshift.app.dashboard.WizardHandler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snapshift serve}: the web dashboard of past and running runs, read from their saved state,
 * until stopped.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serve the web dashboard of past and running migrations (from their saved state) until stopped.")
final class ServeCommand implements Callable<Integer> {
    static final String DEFAULT_UI = UiAddress.DEFAULT_HOST + ":8421";

    @Spec CommandSpec spec;

    @Option(
            names = "--ui",
            paramLabel = "[HOST:]PORT",
            defaultValue = DEFAULT_UI,
            description =
                    "Where to listen (default: ${DEFAULT-VALUE}); another host than 127.0.0.1 needs the access token printed at start.")
    String ui;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {"Where the runs are recorded.", StatusCommand.DEFAULT_STATE_DIR})
    Path stateDir;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() {
        UiAddress address = UiAddress.parse(ui);
        Path dir = stateDir == null ? Runs.defaultStateDir() : stateDir;
        PrintWriter out = spec.commandLine().getOut();
        LiveRuns live = new LiveRuns();
        Launcher launcher = new Launcher(live);
        // Ctrl-C / SIGTERM: migrations started from the wizard end cleanly (locks released,
        // read_only restored)
        Thread hook = new Thread(launcher::close, "snapshift-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (live;
                launcher;
                DashboardServer server =
                        DashboardServer.start(
                                address,
                                new AllRuns(live, new StoredRuns(dir)),
                                new WizardHandler(launcher, dir))) {
            out.println("Dashboard: " + server.url());
            out.println("Runs from " + dir.toAbsolutePath() + "; stop with Ctrl-C.");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return 0;
    }
}
