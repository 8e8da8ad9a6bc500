package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One run as the dashboard shows it.
 *
 * @param report the report JSON ({@link dev.snapshift.api.MigrationReport#toJson}); never holds a password
 * @param live   the state comes from the migration in this process, not from its saved state
 * @param alive  the process running it is alive (always true for a live run)
 */
public record RunView(String runId, ObjectNode report, boolean live, boolean alive) {
}
