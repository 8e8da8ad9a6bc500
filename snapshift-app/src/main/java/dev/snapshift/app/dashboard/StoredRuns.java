package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.internal.state.RunStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs recorded under a state directory, re-read from their {@code state.json} on every request. */
public final class StoredRuns implements RunSource {
    private final Path stateDir;

    public StoredRuns(Path stateDir) {
        this.stateDir = stateDir;
    }

    @Override
    public List<RunView> list() {
        return RunStore.list(stateDir).stream().map(StoredRuns::view).toList();
    }

    @Override
    public Optional<RunView> find(String runId) {
        return RunStore.load(stateDir, runId).map(StoredRuns::view);
    }

    private static RunView view(RunStore.RunRecord r) {
        ObjectNode report;
        if (r.state() instanceof ObjectNode saved) {
            report = saved.deepCopy();
        } else {
            // the run died before its first save
            report = JsonNodeFactory.instance.objectNode();
            report.put("status", "UNKNOWN");
            report.put("phase", "STARTING");
            report.putNull("binlog");
            report.putNull("lock");
            report.putArray("databases");
        }
        report.put("runId", r.runId());
        // one truth with `snapshift status`: a run whose process is gone before it finished is INTERRUPTED, whatever
        // its last record says; that record stays readable as recordedStatus
        report.put("recordedStatus", r.status());
        report.put("status", r.effectiveStatus());
        report.put("interrupted", r.interrupted());
        return new RunView(r.runId(), report, false, r.processAlive());
    }
}
