package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.MigrationState;
import java.time.Instant;
import java.util.Map;

/**
 * One run as the dashboard shows it: its typed state, which every derived figure is computed from,
 * and that state rendered as the report JSON the API serves (the HTTP edge; never read back by
 * path).
 *
 * @param state the run's state; an empty STARTING state when a recorded run died before its first
 *     save
 * @param report the report JSON of {@code state} ({@link dev.snapshift.MigrationReport}); never
 *     holds a password
 * @param live the state comes from the migration in this process, not from its saved state
 * @param alive the process running it is alive (always true for a live run)
 * @param status the status to show: the recorded one, or INTERRUPTED when the process died before
 *     the end
 * @param updatedAt when a recorded state was last saved (null for live runs)
 * @param tableBytes the source's data length per {@code db.table}, when sampled (live runs)
 */
public record RunView(
        String runId,
        MigrationState state,
        ObjectNode report,
        boolean live,
        boolean alive,
        String status,
        Instant updatedAt,
        Map<String, Long> tableBytes) {
    public RunView {
        tableBytes = tableBytes == null ? Map.of() : Map.copyOf(tableBytes);
    }
}
