package dev.snapshift.internal;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.Phase;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.Status;
import dev.snapshift.internal.copy.ChunkCopier;
import dev.snapshift.internal.copy.CopyEngine;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.plan.ChunkPlanner;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TargetSchema;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotCoordinator;
import dev.snapshift.internal.state.StateTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Wires the components phase by phase. Holds no SQL of its own. */
public final class MigrationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private final MigrationConfig config;
    private final MigrationHooks hooks;
    private final StateTracker tracker;
    private final Clock clock;

    public MigrationRunner(MigrationConfig config, MigrationHooks hooks, StateTracker tracker, Clock clock) {
        this.config = config;
        this.hooks = hooks;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Runs the migration; failures end up in the tracker's final state, never thrown. */
    public void run() {
        try (TrustStores trust = new TrustStores()) {
            Connections source = new Connections("source", config.source(), trust);
            Connections target = new Connections("target", config.target(), trust);
            runPhases(source, target);
            tracker.finish(null, null);
        } catch (SnapshiftException e) {
            LOG.error("migration failed: {}", e.getMessage());
            tracker.finish(e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.finish(ErrorCode.INTERRUPTED, "interrupted");
        } catch (RuntimeException e) {
            LOG.error("migration failed", e);
            tracker.finish(ErrorCode.INTERNAL, e.toString());
        }
    }

    private void runPhases(Connections source, Connections target) throws InterruptedException {
        tracker.phase(Phase.STARTING);
        ServerInfo sourceServer;
        List<DatabaseInfo> databases;
        try (Connection probe = source.open(); Connection targetProbe = target.open()) {
            sourceServer = ServerInfo.read(probe);
            ServerInfo targetServer = ServerInfo.read(targetProbe);
            LOG.info("source {} ({}), target {} ({})", config.source().redacted(), sourceServer.product(),
                    config.target().redacted(), targetServer.product());

            tracker.phase(Phase.PREFLIGHT);
            SourceCatalog catalog = new SourceCatalog(probe);
            databases = catalog.databases(config.databases());
            List<TableInfo> all = new ArrayList<>();
            for (DatabaseInfo d : databases) {
                List<TableInfo> tables = catalog.tables(d.name());
                register(d.name(), tables);
                all.addAll(tables);
            }
            new TargetSchema(targetProbe).requireAbsent(all);
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.PREFLIGHT, "reading the catalog failed: " + MySqlErrors.describe(e), e);
        }

        tracker.phase(Phase.SNAPSHOT);
        try (Snapshot snapshot = new SnapshotCoordinator(source, sourceServer, hooks, clock)
                .take(config.threads(), config.sessionCount(), config.lockWaitTimeout())) {
            tracker.binlog(snapshot.coordinates());
            tracker.lock(snapshot.lockTiming());
            if (snapshot.coordinates() == null) {
                LOG.warn("the source has no binary log (log_bin=OFF): no coordinates to start replication or CDC from");
            }

            tracker.phase(Phase.SCHEMA);
            List<TableInfo> tables = createSchema(databases, snapshot, target);

            tracker.phase(Phase.COPY);
            List<Chunk> chunks = plan(tables, snapshot);
            new CopyEngine(snapshot, target, tracker, new ChunkCopier(config.chunkRows(), 4 << 20), hooks).run(chunks);
            tracker.phase(Phase.FINISH);
        }
    }

    private void register(String database, List<TableInfo> tables) {
        tracker.tables(database, tables.stream().map(TableInfo::name).toList(),
                tables.stream().map(TableInfo::estimatedRows).toList());
    }

    /** Reads the tables as of the snapshot and creates them on the target. */
    private List<TableInfo> createSchema(List<DatabaseInfo> databases, Snapshot snapshot, Connections target) {
        SourceCatalog catalog = new SourceCatalog(snapshot.workerSession(0).connection());
        List<TableInfo> all = new ArrayList<>();
        try (Connection ddl = TargetSession.prepare(target.open())) {
            TargetSchema schema = new TargetSchema(ddl);
            for (DatabaseInfo d : databases) {
                List<TableInfo> tables = catalog.tables(d.name());
                register(d.name(), tables);
                schema.requireAbsent(tables);
                schema.createDatabase(d);
                for (TableInfo t : tables) {
                    schema.createTable(t, catalog.showCreateTable(d.name(), t.name()));
                }
                all.addAll(tables);
            }
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.COPY, "creating the schema on the target failed: " + MySqlErrors.describe(e), e);
        }
        return all;
    }

    /** Largest tables first, so the longest copies start early. */
    private List<Chunk> plan(List<TableInfo> tables, Snapshot snapshot) {
        ChunkPlanner planner = new ChunkPlanner(config.chunkRows());
        List<TableInfo> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparingLong(TableInfo::dataLength).reversed());
        List<Chunk> chunks = new ArrayList<>();
        Connection session = snapshot.workerSession(0).connection();
        for (TableInfo t : ordered) {
            try {
                List<Chunk> cs = planner.plan(t, session);
                tracker.planned(t.database(), t.name(), cs.size());
                LOG.info("{}: {} chunk(s), {} (key {})", t.qualifiedName(), cs.size(), cs.get(0).mode(),
                        t.key().stream().map(c -> c.name()).toList());
                chunks.addAll(cs);
            } catch (SQLException e) {
                tracker.failed(t.database(), t.name(), "planning failed: " + MySqlErrors.describe(e));
            }
        }
        return chunks;
    }

    static boolean done(Status s) {
        return s.isFinal();
    }

    @SuppressWarnings("unused")
    private static void close(AutoCloseable c) {
        Jdbc.closeQuietly(c, null);
    }
}
