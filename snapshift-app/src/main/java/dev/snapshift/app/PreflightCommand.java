package dev.snapshift.app;

import dev.snapshift.Preflight;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        description = {
            "Check source and target before a migration, without locking or changing anything.",
            "One line per check, OK / WARN / FAIL, each WARN and FAIL with its fix."
        },
        footer = {
            "",
            "Takes the options of migrate that change what is checked. Passwords: SNAPSHIFT_SOURCE_PASSWORD /"
                    + " SNAPSHIFT_TARGET_PASSWORD.",
            "",
            "Exit codes: 0 nothing FAILed, 2 usage, 3 connection/authentication, 4 at least one check FAILed"
                    + " (migrate would refuse)."
        })
final class PreflightCommand implements Callable<Integer> {
    static final String FIX_INDENT = "     fix: ";

    @Spec CommandSpec spec;

    @Mixin SourceTargetOptions options;

    @Override
    public Integer call() {
        MigrationConfig config =
                options.config(
                        MigrationConfig.DEFAULT_THREADS,
                        MigrationConfig.DEFAULT_CHUNK_ROWS,
                        MigrationConfig.DEFAULT_LOCK_WAIT_TIMEOUT);
        PreflightReport report = Preflight.run(config);
        PrintWriter out = spec.commandLine().getOut();
        format(report).forEach(out::println);
        out.flush();
        return report.failed() ? ErrorCode.PREFLIGHT.exitCode() : 0;
    }

    /**
     * The report as printed: one line per check, an indented fix under each WARN and FAIL, then a
     * summary.
     */
    static List<String> format(PreflightReport report) {
        List<String> lines = new ArrayList<>();
        for (PreflightCheck c : report.checks()) {
            lines.add(String.format(Locale.ROOT, "%-4s %-23s %s", c.level(), c.name(), c.detail()));
            if (c.fix() != null) {
                lines.add(FIX_INDENT + c.fix());
            }
        }
        String counts =
                report.count(PreflightCheck.Level.OK)
                        + " OK, "
                        + report.count(PreflightCheck.Level.WARN)
                        + " WARN, "
                        + report.count(PreflightCheck.Level.FAIL)
                        + " FAIL";
        lines.add("");
        lines.add(
                report.failed()
                        ? "Preflight FAILED ("
                                + counts
                                + "): migrate would refuse; fix the FAIL lines first."
                        : "Preflight passed ("
                                + counts
                                + ")"
                                + (report.count(PreflightCheck.Level.WARN) > 0
                                        ? ": read the WARN lines before migrating."
                                        : "."));
        return lines;
    }
}
