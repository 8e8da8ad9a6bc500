package dev.snapshift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.RunRecord;
import dev.snapshift.internal.state.StateJson;
import java.nio.file.Path;

/**
 * The JSON report of a run: a rendering of one {@link MigrationState}, the same form {@code
 * state.json} keeps and the dashboard's API serves. Holds no secrets. JSON exists only at these
 * edges; everything inside reads the typed state.
 */
public final class MigrationReport {
    private MigrationReport() {}

    /**
     * @param config the run's configuration (source, target, threads); null when unknown
     */
    public static ObjectNode toJson(MigrationState state, MigrationConfig config) {
        return StateJson.toJson(state, config);
    }

    /**
     * A recorded run, as {@code status} and the dashboard show it (URLs from its record, no
     * password).
     */
    public static ObjectNode toJson(RunRecord run) {
        return StateJson.toJson(run);
    }

    public static String render(MigrationState state, MigrationConfig config) {
        return StateJson.render(state, config);
    }

    /** Writes atomically: a reader never sees half a report. */
    public static void write(Path file, MigrationState state, MigrationConfig config) {
        StateJson.write(file, state, config);
    }
}
