package dev.snapshift.api;

import java.util.List;
import java.util.stream.Collectors;

/** Every preflight check, in the order they ran. */
public record PreflightReport(List<PreflightCheck> checks) {

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    /** Whether any check FAILed: a migration must not start. */
    public boolean failed() {
        return count(PreflightCheck.Level.FAIL) > 0;
    }

    public long count(PreflightCheck.Level level) {
        return checks.stream().filter(c -> c.level() == level).count();
    }

    /**
     * The FAIL lines joined with "; ", each as {@code name: detail (fix: ...)}; empty when nothing
     * failed.
     */
    public String failureSummary() {
        return checks.stream()
                .filter(c -> c.level() == PreflightCheck.Level.FAIL)
                .map(c -> c.name() + ": " + c.detail() + " (fix: " + c.fix() + ")")
                .collect(Collectors.joining("; "));
    }
}
