package dev.snapshift.app;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.api.Migration;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationReport;
import dev.snapshift.api.MigrationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy databases from a live source to a target as of one consistent instant.",
        footer = {"", "Passwords: put them in SNAPSHIFT_SOURCE_PASSWORD / SNAPSHIFT_TARGET_PASSWORD rather than in the URL,",
                "so they do not show in the process list. TLS: append ?ssl-mode=REQUIRED|VERIFY_CA|VERIFY_IDENTITY&ssl-ca=FILE.",
                "", "Exit codes: 0 done, 2 usage, 3 connection/authentication, 4 preflight refusal, 5 copy failed,",
                "6 point in time could not be taken, 130 interrupted."})
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "URL", description = "mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=..&ssl-ca=..]")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URL", description = "mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=..&ssl-ca=..]")
    String target;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "Databases to copy (default: every non-system database).")
    List<String> databases = List.of();

    @Option(names = "--threads", defaultValue = "4", description = "Copy workers (default: ${DEFAULT-VALUE}); 1.5x as many snapshot sessions are opened.")
    int threads;

    @Option(names = "--chunk-rows", defaultValue = "20000", description = "Rows per chunk, one target transaction each (default: ${DEFAULT-VALUE}).")
    int chunkRows;

    @Option(names = "--lock-wait-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Longest wait for the global read lock, e.g. 500ms, 10s, 5m (default: ${DEFAULT-VALUE}).")
    Duration lockWaitTimeout;

    @Option(names = "--consistency", defaultValue = "snapshot", paramLabel = "MODE",
            description = {"How the point in time is held (default: ${DEFAULT-VALUE}):",
                    "  snapshot     global read lock for milliseconds, consistent snapshots (\"Enable transactional consistency\"; needs RELOAD)",
                    "  read-only    the whole source read-only during the copy (\"Make source server read only\"), restored afterwards",
                    "  lock-tables  LOCK TABLES on the selected tables only, for sources that refuse the global lock (RDS style)",
                    "  lockless     no lock; MariaDB/Percona prove every session's snapshot position",
                    "  none         no consistency guarantee",
                    "  auto         the strongest of snapshot, lockless, lock-tables the source allows"})
    String consistency;

    @Option(names = "--long-query-guard", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Refuse to lock while a query has run longer than this: the lock would stall every writer behind it (default: ${DEFAULT-VALUE}).")
    Duration longQueryGuard;

    @Option(names = "--kill-long-queries", description = "Kill the queries the guard finds instead of refusing.")
    boolean killLongQueries;

    @Option(names = "--non-transactional", defaultValue = "fail", paramLabel = "lock|skip|fail",
            description = "Tables a snapshot does not cover (MyISAM, MEMORY, Aria...): copy them under the lock, skip them, or refuse (default: ${DEFAULT-VALUE}).")
    String nonTransactional;

    @Option(names = "--max-restarts", defaultValue = "2", paramLabel = "N",
            description = "Restarts from a new snapshot when every snapshot session was lost (default: ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(names = "--network-timeout", defaultValue = "5m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A server that sends nothing for this long counts as a lost connection (default: ${DEFAULT-VALUE}).")
    Duration networkTimeout;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the run state is kept as it changes, for `snapshift status` (default: ~/.local/state/snapshift).")
    Path stateDir;

    @Option(names = "--clean-target", description = "First drop, on the target, the tables this migration would create"
            + " (after an interrupted run left a partial copy).")
    boolean cleanTarget;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--quiet", description = "No progress output, only the summary.")
    boolean quiet;

    @Override
    public Integer call() {
        MigrationConfig config = new MigrationConfig(
                ConnectionSpec.parse("source", source, System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                ConnectionSpec.parse("target", target, System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                databases, threads, chunkRows, lockWaitTimeout, ConsistencyMode.parse(consistency), longQueryGuard,
                killLongQueries, NonTransactionalPolicy.parse(nonTransactional))
                .withMaxRestarts(maxRestarts).withNetworkTimeout(networkTimeout)
                .withStateDir(stateDir == null ? RunStore.defaultStateDir() : stateDir).withCleanTarget(cleanTarget);
        PrintWriter out = spec.commandLine().getOut();
        MigrationState state = MigrationRun.execute(config, out, quiet, report);
        if (state.error() != null) {
            spec.commandLine().getErr().println("snapshift: " + state.error());
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.of(state);
    }

    /** Writes the report (when asked) and the summary. */
    static void finish(MigrationState state, MigrationConfig config, Path report, PrintWriter out) {
        if (report != null) {
            MigrationReport.write(report, state, config);
        }
        Summary.print(state, config, out);
        if (report != null) {
            out.println("Report: " + report.toAbsolutePath());
        }
        out.flush();
    }
}
