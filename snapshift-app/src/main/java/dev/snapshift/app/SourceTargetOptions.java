package dev.snapshift.app;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.SnapshiftException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that say what to migrate and how to hold the point in time: shared by migrate and
 * preflight.
 */
final class SourceTargetOptions {
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
            description = "Databases to copy (default: every non-system database).")
    List<String> databases = List.of();

    @Option(
            names = "--consistency",
            defaultValue = "snapshot",
            paramLabel = "MODE",
            description = {
                "How the point in time is held (default: ${DEFAULT-VALUE}):",
                "  snapshot     global read lock for milliseconds, consistent snapshots (\"Enable transactional consistency\"; needs RELOAD)",
                "  read-only    the whole source read-only during the copy (\"Make source server read only\"), restored afterwards",
                "  lock-tables  LOCK TABLES on the selected tables only, for sources that refuse the global lock (RDS style)",
                "  lockless     no lock; MariaDB/Percona prove every session's snapshot position",
                "  none         no consistency guarantee",
                "  auto         the strongest of snapshot, lockless, lock-tables the source allows"
            })
    String consistency;

    @Option(
            names = "--long-query-guard",
            defaultValue = "60s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Refuse to lock while a query has run longer than this: the lock would stall every writer behind it (default: ${DEFAULT-VALUE}).")
    Duration longQueryGuard;

    @Option(
            names = "--kill-long-queries",
            description = "Kill the queries the guard finds instead of refusing.")
    boolean killLongQueries;

    @Option(
            names = "--non-transactional",
            defaultValue = "fail",
            paramLabel = "lock|skip|fail",
            description =
                    "Tables a snapshot does not cover (MyISAM, MEMORY, Aria...): copy them under the lock, skip them, or refuse (default: ${DEFAULT-VALUE}).")
    String nonTransactional;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The configuration these options describe; passwords may come from the environment. */
    MigrationConfig config(int threads, int chunkRows, Duration lockWaitTimeout) {
        requireDatabaseNames(
                command.commandLine().getParseResult().matchedOption("--databases") != null,
                databases);
        return new MigrationConfig(
                ConnectionSpec.parse("source", source, System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                ConnectionSpec.parse("target", target, System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                databases,
                threads,
                chunkRows,
                lockWaitTimeout,
                ConsistencyMode.parse(consistency),
                longQueryGuard,
                killLongQueries,
                NonTransactionalPolicy.parse(nonTransactional));
    }

    /**
     * {@code --databases} given with nothing but commas ({@code --databases=,}) must not mean
     * "every database": that is what leaving the option out means.
     */
    static void requireDatabaseNames(boolean given, List<String> names) {
        if (given && names.stream().allMatch(String::isBlank)) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--databases names no database; give names like --databases"
                            + " shop,billing, or leave the option out to copy every non-system database");
        }
    }
}
