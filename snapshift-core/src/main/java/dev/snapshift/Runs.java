package dev.snapshift;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.SourceChange;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerIdentity;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.snapshot.ReadOnlySwitch;
import dev.snapshift.internal.state.CutoverRequests;
import dev.snapshift.internal.state.RunStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Recorded runs: where they are kept, listing and reading them back (typed, as {@link RunRecord}s),
 * and putting back what a run changed on its source and did not restore itself — a read-only run
 * killed with SIGKILL (or by a power loss) leaves {@code read_only} / {@code super_read_only} ON.
 * The run state recorded the original values before the change, and the source's identity, so the
 * restore reaches only that server.
 */
public final class Runs {
    private Runs() {}

    /**
     * {@code ${XDG_STATE_HOME:-~/.local/state}/snapshift}: where migrate records runs by default.
     */
    public static Path defaultStateDir() {
        return RunStore.defaultStateDir();
    }

    /**
     * Every run recorded in {@code stateDir}, newest first (none when the directory is missing).
     */
    public static List<RunRecord> list(Path stateDir) {
        return RunStore.list(stateDir);
    }

    /**
     * One run; empty when unknown (or when the id is not a run id: never a path outside the
     * directory).
     */
    public static Optional<RunRecord> load(Path stateDir, String runId) {
        return RunStore.load(stateDir, runId);
    }

    /** The statements that undo {@code changes}, in the order they must run. */
    public static List<String> restoreStatements(List<SourceChange> changes) {
        return ReadOnlySwitch.restoreStatements(changes);
    }

    /** What a run left changed on its source; empty when nothing (or the run is unknown). */
    public static List<SourceChange> pending(Path stateDir, String runId) {
        return RunStore.load(stateDir, runId)
                .map(RunRecord::unrestoredSourceChanges)
                .orElse(List.of());
    }

    /**
     * Restores the original values on {@code source} and marks them restored in the run state.
     *
     * @return the statements run (empty: nothing to restore)
     * @throws SnapshiftException USAGE for an unknown run or a run still in progress, PREFLIGHT
     *     when {@code source} is another server than the run's source, CONNECTION when it cannot be
     *     reached
     */
    public static List<String> restoreSource(Path stateDir, String runId, ConnectionSpec source) {
        RunRecord run =
                RunStore.load(stateDir, runId)
                        .orElseThrow(
                                () ->
                                        new SnapshiftException(
                                                ErrorCode.USAGE,
                                                "no run '"
                                                        + runId
                                                        + "' in "
                                                        + stateDir.toAbsolutePath()));
        if (run.processAlive() && !run.finished()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run "
                            + runId
                            + " is still running (pid "
                            + run.pid()
                            + "); it restores the source itself when it ends");
        }
        List<SourceChange> changes = run.unrestoredSourceChanges();
        if (changes.isEmpty()) {
            return List.of();
        }
        try (TrustStores trust = new TrustStores();
                Connection c =
                        new Connections("source", source, trust, Duration.ofMinutes(1)).open()) {
            String identity = ServerIdentity.fingerprint(c).describe();
            if (run.sourceServer() != null && !run.sourceServer().equals(identity)) {
                throw new SnapshiftException(
                        ErrorCode.PREFLIGHT,
                        "--source reaches another server ("
                                + identity
                                + ") than run "
                                + runId
                                + " changed ("
                                + run.sourceServer()
                                + "); nothing was changed");
            }
            ReadOnlySwitch.restore(c, changes);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.CONNECTION,
                    "could not restore the source: "
                            + MySqlErrors.describe(e)
                            + "; run "
                            + String.join("; ", ReadOnlySwitch.restoreStatements(changes))
                            + " on it yourself",
                    e);
        }
        RunStore.markSourceRestored(run);
        return ReadOnlySwitch.restoreStatements(changes);
    }

    /**
     * Asks the online run {@code runId}, running in another process ({@code migrate --online}), to
     * cut over: writes the request into the run's directory, where the run takes it between two
     * applied groups. Follow it with {@link #load}: the state's {@code cutover} appears, then gets
     * its {@code finishedAt} and verdict.
     *
     * @return the run as recorded when the request was written
     * @throws SnapshiftException USAGE for an unknown run, an offline run, a run whose process is
     *     gone (resume it first: {@code migrate --online --resume RUN_ID}), or one that ended
     */
    public static RunRecord requestCutover(Path stateDir, String runId, CutoverRequest request) {
        RunRecord run =
                RunStore.load(stateDir, runId)
                        .orElseThrow(
                                () ->
                                        new SnapshiftException(
                                                ErrorCode.USAGE,
                                                "no run '"
                                                        + runId
                                                        + "' in "
                                                        + stateDir.toAbsolutePath()));
        if (RunStore.recorded(run.directory(), "onDdl") == null) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run "
                            + runId
                            + " is not an online run (migrate --online): it has nothing to cut over");
        }
        if (run.finished()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run "
                            + runId
                            + " has ended ("
                            + run.status()
                            + (run.state() != null && run.state().error() != null
                                    ? ": " + run.state().error()
                                    : "")
                            + "): there is nothing running to cut over");
        }
        if (!run.processAlive()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "run "
                            + runId
                            + " is not running (process "
                            + run.pid()
                            + " is gone): start it again with migrate --online --resume "
                            + runId
                            + ", then cut over");
        }
        CutoverRequests.write(run.directory(), request);
        return run;
    }
}
