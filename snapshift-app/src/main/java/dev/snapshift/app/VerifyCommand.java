package dev.snapshift.app;

import dev.snapshift.Verification;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Compare source and target, rows and definitions, and name every difference.",
            "The source is read in one consistent snapshot, the target as it is, chunk by chunk in parallel;"
                    + " each server computes each chunk's row count and row digest, and a chunk that differs has its"
                    + " rows compared by key. Reads only: nothing is changed on either server."
        },
        footer = {
            "",
            "What it proves: with a quiet target (after cutover, or replication stopped) that the target equals the"
                    + " source at the snapshot's instant. With writes still flowing on either server, a difference may"
                    + " be a change in flight: differing chunks are compared again (--rechecks), both sides read"
                    + " afresh, and the report says that writes were seen.",
            "Passwords: SNAPSHIFT_SOURCE_PASSWORD / SNAPSHIFT_TARGET_PASSWORD.",
            "",
            "Exit codes: 0 equal, 2 usage, 3 connection/authentication, 5 differences (rows, definitions, or a"
                    + " database or table on one side only; also a table that could not be compared), 6 the snapshot"
                    + " could not be taken, 130 interrupted."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--source",
            required = true,
            paramLabel = "URL",
            description = "mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=..&ssl-ca=..]")
    String source;

    @Option(
            names = "--target",
            required = true,
            paramLabel = "URL",
            description = "mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=..&ssl-ca=..]")
    String target;

    @Option(
            names = "--databases",
            split = ",",
            paramLabel = "DB",
            description =
                    "Databases to compare (default: every non-system database of the source).")
    List<String> databases = List.of();

    @Option(
            names = "--threads",
            defaultValue = "4",
            paramLabel = "N",
            description =
                    "Comparison workers, each with a snapshot session and a target connection (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--chunk-size",
            defaultValue = "32M",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description =
                    "Data compared at once per chunk, e.g. 8M, 64M (default: ${DEFAULT-VALUE}).")
    long chunkBytes;

    @Option(
            names = "--chunk-rows",
            defaultValue = "500000",
            paramLabel = "N",
            description = "Rows per chunk at most (default: ${DEFAULT-VALUE}).")
    int chunkRows;

    @Option(
            names = "--consistency",
            defaultValue = "snapshot",
            paramLabel = "MODE",
            description = {
                "How the source's instant is held (default: ${DEFAULT-VALUE}):",
                "  snapshot     global read lock for milliseconds: every session sees one instant (needs RELOAD)",
                "  lock-tables  LOCK TABLES on the compared tables for milliseconds",
                "  lockless     one session, no lock (MariaDB/Percona)",
                "  none         each session its own instant",
                "  auto         the strongest the source allows"
            })
    String consistency;

    @Option(
            names = "--max-keys",
            defaultValue = "10",
            paramLabel = "N",
            description =
                    "Differing keys named per table; the rest are counted (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Option(
            names = "--rechecks",
            defaultValue = "3",
            paramLabel = "N",
            description =
                    "When writes were seen on either server, compare each differing chunk again this many times,"
                            + " 1 s, 2 s, 4 s... apart (default: ${DEFAULT-VALUE}).")
    int rechecks;

    @Option(
            names = "--lock-wait-timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Longest wait for the source's lock (default: ${DEFAULT-VALUE}).")
    Duration lockWaitTimeout;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--quiet", description = "No progress output, only the result.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        SourceTargetOptions.requireDatabaseNames(
                spec.commandLine().getParseResult().matchedOption("--databases") != null,
                databases);
        if (report != null) {
            ReportFile.requireWritable(report);
        }
        VerifyConfig config =
                VerifyConfig.of(
                                ConnectionSpec.parse(
                                        "source",
                                        source,
                                        System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                                ConnectionSpec.parse(
                                        "target",
                                        target,
                                        System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                                databases)
                        .withThreads(threads)
                        .withChunkBytes(chunkBytes)
                        .withChunkRows(chunkRows)
                        .withConsistency(ConsistencyMode.parse(consistency))
                        .withMaxKeys(maxKeys)
                        .withRechecks(rechecks, VerifyConfig.DEFAULT_RECHECK_DELAY)
                        .withLockWaitTimeout(lockWaitTimeout)
                        .withNetworkTimeout(MigrationConfig.DEFAULT_NETWORK_TIMEOUT);
        PrintWriter out = spec.commandLine().getOut();
        Verification verification = Verification.of(config);
        VerifyProgressPrinter progress =
                quiet ? null : VerifyProgressPrinter.start(verification::progress, out);
        VerifyResult result;
        try {
            result = verification.run();
        } finally {
            if (progress != null) {
                progress.stop();
            }
        }
        VerifySummary.print(result, out);
        if (report != null) {
            Verification.writeReport(report, result, config);
            out.println("Report: " + report.toAbsolutePath());
        }
        out.flush();
        return result.equal() ? 0 : ErrorCode.DIFFERENCES.exitCode();
    }
}
