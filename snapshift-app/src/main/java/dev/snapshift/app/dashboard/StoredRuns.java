package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.MigrationReport;
import dev.snapshift.Runs;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs recorded under a state directory, re-read from their {@code state.json} on every request.
 */
public final class StoredRuns implements RunSource {
    private final Path stateDir;

    public StoredRuns(Path stateDir) {
        this.stateDir = stateDir;
    }

    @Override
    public List<RunView> list() {
        return Runs.list(stateDir).stream().map(StoredRuns::view).toList();
    }

    @Override
    public Optional<RunView> find(String runId) {
        return Runs.load(stateDir, runId).map(StoredRuns::view);
    }

    private static RunView view(RunRecord r) {
        ObjectNode report = MigrationReport.toJson(r);
        report.put("runId", r.runId());
        // one truth with `snapshift status`: a run whose process is gone before it finished is
        // INTERRUPTED, whatever
        // its last record says; that record stays readable as recordedStatus
        report.put("recordedStatus", r.status());
        report.put("status", r.effectiveStatus());
        report.put("interrupted", r.interrupted());
        String resume = resumeCommand(r);
        if (resume != null) {
            report.put("resumeCommand", resume);
        }
        if (r.updatedAt() != null) {
            report.put("updatedAt", r.updatedAt().toString());
        }
        MigrationState state =
                r.state() != null
                        ? r.state()
                        : new MigrationState(
                                Phase.STARTING,
                                Status.IN_PROGRESS,
                                "SNAPSHOT",
                                null,
                                null,
                                List.of(),
                                r.startedAt(),
                                null,
                                null,
                                null,
                                List.of());
        return new RunView(
                r.runId(),
                state,
                report,
                false,
                r.processAlive(),
                r.effectiveStatus(),
                r.updatedAt(),
                Map.of());
    }

    /**
     * What the page offers for a run that failed or whose process is gone: the same resume as
     * {@code snapshift status} (the catch-up of an online run, or the copy keeping its committed
     * chunks); null for a run that finished or still runs.
     */
    static String resumeCommand(RunRecord r) {
        if (r.state() == null || !(r.interrupted() || "FAILED".equals(r.effectiveStatus()))) {
            return null;
        }
        return "bin/snapshift migrate "
                + (r.state().catchUp() != null ? "--online " : "")
                + "--resume "
                + r.runId()
                + " (same --source, --target, --databases)";
    }
}
