package dev.snapshift.app;

import dev.snapshift.Runs;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.OnDdl;
import dev.snapshift.api.OnlineOptions;
import dev.snapshift.app.dashboard.UiAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Copy databases from a live source to a target as of one consistent instant.",
        footer = {
            "",
            "Passwords: put them in SNAPSHIFT_SOURCE_PASSWORD / SNAPSHIFT_TARGET_PASSWORD rather than in the URL, so"
                    + " they do not show in the process list; in a URL, percent-encode @ as %%40 and # as %%23 in the password"
                    + " (also / as %%2F, ? as %%3F, %% as %%25).",
            "TLS: append ?ssl-mode=REQUIRED|VERIFY_CA|VERIFY_IDENTITY&ssl-ca=FILE to the URL.",
            "",
            MigrateCommand.EXIT_CODES
        })
final class MigrateCommand implements Callable<Integer> {
    /** The same words as the README's exit code list. */
    static final String EXIT_CODES =
            "Exit codes: 0 done, 2 usage, 3 connection/authentication, 4 preflight refusal,"
                    + " 5 copy failed, 6 point in time could not be taken, 7 online catch-up or cutover failed,"
                    + " 130 interrupted (Ctrl-C), 143 stopped by SIGTERM"
                    + " (cleanly, as on Ctrl-C).";

    /** The same words as the README's row for --lock-wait-timeout. */
    static final String LOCK_WAIT_TIMEOUT =
            "Longest wait for any lock on the source, per attempt (3 attempts with"
                    + " backoff), spent in tries of 100ms, 200ms, 400ms, ... so that writers"
                    + " contending on rows cannot hold the lock up: a writer queued behind a"
                    + " waiting lock waits at most one try, never longer than this. At least 100ms"
                    + " (default: ${DEFAULT-VALUE}; 500ms, 5m, ...).";

    @Spec CommandSpec spec;

    @Mixin SourceTargetOptions options;

    @Option(
            names = "--threads",
            defaultValue = "auto",
            paramLabel = "auto|N",
            description = {
                "Copy workers; 1.5x as many snapshot sessions are opened (default: ${DEFAULT-VALUE}).",
                "auto: up to "
                        + MigrationConfig.DEFAULT_ADAPTIVE_THREADS
                        + ", as many as the measured throughput of the two servers rewards;"
                        + " N: exactly N."
            })
    String threads;

    @Option(
            names = "--chunk-size",
            defaultValue = "32M",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description =
                    "Data per chunk, one target transaction each, e.g. 8M, 64M, 1G (default: ${DEFAULT-VALUE}).")
    long chunkBytes;

    @Option(
            names = "--chunk-rows",
            defaultValue = "500000",
            paramLabel = "N",
            description =
                    "Rows per chunk at most, whatever their size (default: ${DEFAULT-VALUE}).")
    int chunkRows;

    @Option(
            names = "--max-rate",
            defaultValue = "0",
            paramLabel = "ROWS",
            converter = RowRateConverter.class,
            description =
                    "Rows per second the copy reads from the source at most, over all workers (20000, 20k, 1m):"
                            + " a busy production source keeps its headroom for its own queries; the copy, and so the"
                            + " snapshot, lasts longer, and the InnoDB history list grows for that long."
                            + " 0 (default): no limit.")
    long maxRate;

    @Option(
            names = "--skip-target-binlog",
            description =
                    "Write the copy with sql_log_bin=0, so the target's binary log"
                            + " (and its replicas) do not get it; needs SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN (SUPER on 5.7).")
    boolean skipTargetBinlog;

    @Option(
            names = "--lock-wait-timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = LOCK_WAIT_TIMEOUT)
    Duration lockWaitTimeout;

    @Option(
            names = "--max-restarts",
            defaultValue = "2",
            paramLabel = "N",
            description =
                    "Restarts from a new snapshot when every snapshot session was lost (default: ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Option(
            names = "--network-timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "A server that sends nothing for this long counts as a lost connection (default: ${DEFAULT-VALUE}).")
    Duration networkTimeout;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {
                "Where the run state is kept as it changes, for `snapshift status`.",
                StatusCommand.DEFAULT_STATE_DIR
            })
    Path stateDir;

    @Option(
            names = "--clean-target",
            description =
                    "First drop, on the target, the tables this migration would create"
                            + " (after an interrupted run left a partial copy).")
    boolean cleanTarget;

    @Option(
            names = "--verify",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Verify every chunk inside the snapshot: row count and row digest on the session that copied it"
                            + " and on the target right after it committed; a chunk that differs is copied again, then"
                            + " fails its table naming the keys (default: on; --no-verify skips it).")
    boolean verify;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
    Path report;

    @Option(
            names = "--ui",
            paramLabel = "[HOST:]PORT",
            description =
                    "Serve a live dashboard of this run there"
                            + " (host 127.0.0.1 unless given; another host needs the access token printed at start; port 0: any free port).")
    String ui;

    @Option(names = "--quiet", description = "No progress output, only the summary.")
    boolean quiet;

    @Option(
            names = "--online",
            description = {
                "After the copy, read the source's binary log from the snapshot's coordinates and apply"
                        + " the changes of the migrated tables to the target, showing the lag, until"
                        + " `snapshift cutover RUN_ID` (from another terminal).",
                "The source needs binlog_format=ROW, binlog_row_image=FULL, and REPLICATION SLAVE +"
                        + " REPLICATION CLIENT for its user."
            })
    boolean online;

    @Option(
            names = "--on-ddl",
            defaultValue = "stop",
            paramLabel = "stop|apply|ignore",
            description =
                    "With --online: a schema change of a migrated database in the binary log stops the"
                            + " catch-up before it (with the statement and its position), is run on the target,"
                            + " or is left out (default: ${DEFAULT-VALUE}).")
    String onDdl;

    @Option(
            names = "--resume",
            paramLabel = "RUN_ID",
            description =
                    "Go on with a run that was killed or failed during its copy: the chunks it committed are"
                            + " kept and brought forward to a new point in time with the binary log, only the rest"
                            + " is copied (a purged binary log: the copy is dropped and restarted from zero). With"
                            + " --online, also a run killed or stopped during the catch-up, from the position stored"
                            + " on the target (same --source, --target, --databases).")
    String resume;

    @Override
    public Integer call() {
        boolean adaptive = "auto".equalsIgnoreCase(threads.trim());
        int workers;
        try {
            workers =
                    adaptive
                            ? MigrationConfig.DEFAULT_ADAPTIVE_THREADS
                            : Integer.parseInt(threads.trim());
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--threads must be auto or a number, was '" + threads + "'");
        }
        if (report != null) {
            ReportFile.requireWritable(report); // before anything runs, not after the copy
        }
        MigrationConfig config =
                options.config(workers, chunkRows, lockWaitTimeout)
                        .withAdaptiveThreads(adaptive)
                        .withChunkBytes(chunkBytes)
                        .withSkipTargetBinlog(skipTargetBinlog)
                        .withMaxRestarts(maxRestarts)
                        .withNetworkTimeout(networkTimeout)
                        .withStateDir(stateDir == null ? Runs.defaultStateDir() : stateDir)
                        .withCleanTarget(cleanTarget)
                        .withVerify(verify)
                        .withMaxRate(maxRate);
        if (online) {
            config = config.withOnline(new OnlineOptions(OnDdl.parse(onDdl)));
        }
        PrintWriter out = spec.commandLine().getOut();
        MigrationState state =
                MigrationRun.execute(
                        config,
                        MigrationHooks.NONE,
                        out,
                        quiet,
                        report,
                        ui == null ? null : UiAddress.parse(ui),
                        resume);
        if (state.error() != null) {
            spec.commandLine().getErr().println("snapshift: " + state.error());
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.of(state);
    }

    /**
     * Prints the summary, then writes the report (when asked): a report that cannot be written
     * never hides the summary and its coordinates.
     */
    static void finish(MigrationState state, MigrationConfig config, Path report, PrintWriter out) {
        Summary.print(state, config, out);
        if (report != null) {
            ReportFile.write(report, state, config, out);
        }
        out.flush();
    }
}
