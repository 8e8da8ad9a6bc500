package dev.snapshift.app;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.Preflight;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Check source and target before a migration, without locking or changing anything:",
                "one line per check, OK / WARN / FAIL, each WARN and FAIL with its fix."},
        footer = {"", "Takes the options of migrate that change what is checked. Passwords: SNAPSHIFT_SOURCE_PASSWORD /",
                "SNAPSHIFT_TARGET_PASSWORD. Exit codes: 0 nothing FAILed, 2 usage, 3 connection/authentication,",
                "4 at least one check FAILed (migrate would refuse)."})
final class PreflightCommand implements Callable<Integer> {
    static final String FIX_INDENT = "     fix: ";

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "URL", description = "mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=..&ssl-ca=..]")
    String source;

    @Option(names = "--target", required = true, paramLabel = "URL", description = "mysql://USER[:PASSWORD]@HOST[:PORT][?ssl-mode=..&ssl-ca=..]")
    String target;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "Databases to check (default: every non-system database).")
    List<String> databases = List.of();

    @Option(names = "--consistency", defaultValue = "snapshot", paramLabel = "MODE",
            description = "snapshot, read-only, lock-tables, lockless, none or auto, as for migrate (default: ${DEFAULT-VALUE}).")
    String consistency;

    @Option(names = "--long-query-guard", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Report queries running longer than this, e.g. 500ms, 10s, 5m (default: ${DEFAULT-VALUE}).")
    Duration longQueryGuard;

    @Option(names = "--kill-long-queries", description = "As for migrate: such queries would be killed instead of refused.")
    boolean killLongQueries;

    @Option(names = "--non-transactional", defaultValue = "fail", paramLabel = "lock|skip|fail",
            description = "As for migrate: MyISAM, MEMORY, Aria... tables copied under the lock, skipped, or refused (default: ${DEFAULT-VALUE}).")
    String nonTransactional;

    @Override
    public Integer call() {
        MigrationConfig config = new MigrationConfig(
                ConnectionSpec.parse("source", source, System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                ConnectionSpec.parse("target", target, System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                databases, MigrationConfig.DEFAULT_THREADS, MigrationConfig.DEFAULT_CHUNK_ROWS,
                MigrationConfig.DEFAULT_LOCK_WAIT_TIMEOUT, ConsistencyMode.parse(consistency), longQueryGuard,
                killLongQueries, NonTransactionalPolicy.parse(nonTransactional));
        PreflightReport report = Preflight.run(config);
        PrintWriter out = spec.commandLine().getOut();
        format(report).forEach(out::println);
        out.flush();
        return report.failed() ? ErrorCode.PREFLIGHT.exitCode() : 0;
    }

    /** The report as printed: one line per check, an indented fix under each WARN and FAIL, then a summary. */
    static List<String> format(PreflightReport report) {
        List<String> lines = new ArrayList<>();
        for (PreflightCheck c : report.checks()) {
            lines.add(String.format(Locale.ROOT, "%-4s %-23s %s", c.level(), c.name(), c.detail()));
            if (c.fix() != null) {
                lines.add(FIX_INDENT + c.fix());
            }
        }
        String counts = report.count(PreflightCheck.Level.OK) + " OK, " + report.count(PreflightCheck.Level.WARN) + " WARN, "
                + report.count(PreflightCheck.Level.FAIL) + " FAIL";
        lines.add("");
        lines.add(report.failed() ? "Preflight FAILED (" + counts + "): migrate would refuse; fix the FAIL lines first."
                : "Preflight passed (" + counts + ")" + (report.count(PreflightCheck.Level.WARN) > 0
                ? ": read the WARN lines before migrating." : "."));
        return lines;
    }
}
