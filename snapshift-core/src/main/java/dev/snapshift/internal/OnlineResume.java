package dev.snapshift.internal;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.Status;
import dev.snapshift.internal.catchup.CatchUpPhase;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerIdentity;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.state.CutoverRequests;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An online run started again with its run id ({@code snapshift migrate --online --resume RUN_ID}),
 * after it was killed, stopped at a schema change, or lost a server for too long: the catch-up goes
 * on from the position the target holds for the run (stored with the rows it applied), with the
 * migrated tables as the target has them now. The source must be the server the run recorded.
 */
public final class OnlineResume {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineResume.class);

    private final MigrationConfig config;
    private final MigrationHooks hooks;
    private final StateTracker tracker;
    private final Clock clock;
    private final RunStore store;
    private final CutoverRequests requests;

    public OnlineResume(
            MigrationConfig config,
            MigrationHooks hooks,
            StateTracker tracker,
            Clock clock,
            RunStore store,
            CutoverRequests requests) {
        this.config = config;
        this.hooks = hooks;
        this.tracker = tracker;
        this.clock = clock;
        this.store = store;
        this.requests = requests;
    }

    /** Runs to the end of the catch-up (a cutover, or a failure): the tracker says how it ended. */
    public void run() {
        try (TrustStores trust = new TrustStores()) {
            Connections source =
                    new Connections("source", config.source(), trust, config.networkTimeout());
            Connections target =
                    new Connections("target", config.target(), trust, config.networkTimeout());
            MigrationState before = tracker.snapshot();
            List<TableInfo> tables = check(source, target, before);
            tracker.phase(Phase.CATCHUP);
            store.saveNow(tracker.snapshot());
            LOG.info("run {} resumed: catching up", store.runId());
            new CatchUpPhase(
                            new CatchUpPhase.Settings(
                                    store.runId(),
                                    config.online().onDdl(),
                                    config.skipTargetBinlog(),
                                    config.networkTimeout(),
                                    config.lockWaitTimeout(),
                                    config.targetOptions()),
                            tracker,
                            clock,
                            hooks,
                            requests,
                            MigrationRunner.sourceChangeLog(tracker, store))
                    .run(source, target, tables, before.binlog());
            tracker.finish(null, null);
        } catch (SnapshiftException e) {
            LOG.error("resumed run failed: {}", e.getMessage());
            tracker.finish(e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.finish(ErrorCode.INTERRUPTED, "interrupted");
        } catch (RuntimeException e) {
            LOG.error("resumed run failed", e);
            tracker.finish(ErrorCode.INTERNAL, e.toString());
        }
    }

    /**
     * The same source as recorded, a distinct target, and the migrated tables as the target has
     * them (their shape follows the binary log up to the stored position).
     */
    private List<TableInfo> check(Connections source, Connections target, MigrationState before) {
        try (Connection s = source.open("probe");
                Connection t = target.open("probe")) {
            String identity =
                    ServerIdentity.requireDistinct(
                                    s, t, config.source().redacted(), config.target().redacted())
                            .describe();
            if (before.sourceServer() != null && !before.sourceServer().equals(identity)) {
                throw new SnapshiftException(
                        ErrorCode.PREFLIGHT,
                        "--source reaches another server ("
                                + identity
                                + ") than the run migrated from ("
                                + before.sourceServer()
                                + ")");
            }
            SourceCatalog catalog = new SourceCatalog(t);
            List<TableInfo> out = new ArrayList<>();
            for (MigrationState.DatabaseState d : before.databases()) {
                Set<String> migrated =
                        d.tables().stream()
                                .filter(x -> x.status() == Status.COMPLETED)
                                .map(MigrationState.TableState::name)
                                .collect(Collectors.toSet());
                for (TableInfo x : catalog.tables(d.name())) {
                    if (migrated.contains(x.name())) {
                        out.add(x);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.CONNECTION,
                    "reading the servers to resume the run failed: " + MySqlErrors.describe(e),
                    e);
        }
    }
}
