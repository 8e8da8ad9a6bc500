package dev.snapshift.app;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.TargetOptions;
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

    @Option(
            names = "--include-tables",
            split = ",",
            paramLabel = "DB.TABLE",
            description =
                    "Copy only these tables, and the views, routines, triggers and events of these names (wildcards * and ?, e.g. shop.*,billing.invoice_*).")
    List<String> includeTables = List.of();

    @Option(
            names = "--exclude-tables",
            split = ",",
            paramLabel = "DB.TABLE",
            description =
                    "Leave these tables and objects out (wildcards * and ?, e.g. *.audit_log).")
    List<String> excludeTables = List.of();

    @Option(
            names = "--definers",
            defaultValue = "auto",
            paramLabel = "POLICY",
            description = {
                "DEFINER of views, routines, triggers and events on the target (default: ${DEFAULT-VALUE}):",
                "  auto          the source's where the target account may set it (SET_USER_ID/SUPER), else the loading account's",
                "  keep          the source's always (refused in preflight where the target account may not set it)",
                "  current-user  the loading account for every object",
                "  strip         the loading account, and SQL SECURITY INVOKER where the definer changed (managed targets without SUPER)"
            })
    String definers;

    @Option(
            names = "--create-invisible-pks",
            description =
                    "Give tables without a primary key an invisible one (my_row_id) on the target, for targets that require keys (sql_require_primary_key=ON); targets with sql_generate_invisible_primary_key=ON add it themselves.")
    boolean createInvisiblePks;

    @Option(
            names = "--force-innodb",
            description =
                    "Create MyISAM, Aria and other non-InnoDB tables as InnoDB on the target (managed databases support InnoDB only).")
    boolean forceInnodb;

    @Option(
            names = "--collation-map",
            split = ",",
            paramLabel = "FROM=TO",
            description =
                    "Collations the target lacks, mapped (added to the built-in map of MariaDB's uca1400 collations to MySQL's 0900 ones).")
    List<String> collationMap = List.of();

    @Option(
            names = "--users",
            paramLabel = "PATTERNS",
            description =
                    "Copy the accounts, roles and grants whose user or user@host matches one of the comma-separated patterns (wildcards * and ?, e.g. 'app_*,reporter@10.0.*'); system and platform accounts never; privileges the target refuses are dropped and reported.")
    String users;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The configuration these options describe; passwords may come from the environment. */
    MigrationConfig config(int threads, int chunkRows, Duration lockWaitTimeout) {
        requireDatabaseNames(
                command.commandLine().getParseResult().matchedOption("--databases") != null,
                databases);
        return new MigrationConfig(
                        ConnectionSpec.parse(
                                "source", source, System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                        ConnectionSpec.parse(
                                "target", target, System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                        databases,
                        threads,
                        chunkRows,
                        lockWaitTimeout,
                        ConsistencyMode.parse(consistency),
                        longQueryGuard,
                        killLongQueries,
                        NonTransactionalPolicy.parse(nonTransactional))
                .withTargetOptions(
                        new TargetOptions(
                                DefinerPolicy.parse(definers),
                                createInvisiblePks,
                                forceInnodb,
                                TargetOptions.parseCollationMap(collationMap),
                                users == null || users.isBlank() ? null : users.trim(),
                                includeTables.stream().filter(t -> !t.isBlank()).toList(),
                                excludeTables.stream().filter(t -> !t.isBlank()).toList()));
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
