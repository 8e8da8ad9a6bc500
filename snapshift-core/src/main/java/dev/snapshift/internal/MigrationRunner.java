package dev.snapshift.internal;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.Phase;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.copy.ChunkCopier;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.internal.copy.CopyEngine;
import dev.snapshift.internal.copy.HistoryCopier;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.preflight.PreflightRunner;
import dev.snapshift.internal.snapshot.PointInTimeLost;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.LocalInfileDir;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.jdbc.ServerIdentity;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.plan.ChunkPlanner;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.DeferredIndexes;
import dev.snapshift.internal.schema.SchemaObjects;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TargetCleaner;
import dev.snapshift.internal.schema.TargetSchema;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotCoordinator;
import dev.snapshift.internal.snapshot.SnapshotReads;
import dev.snapshift.internal.snapshot.SnapshotSession;
import dev.snapshift.internal.snapshot.SourceChangeLog;
import dev.snapshift.api.SourceChange;
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
    /** Durable run state, or null; phase changes are saved at once (the recorder saves the rest). */
    private final RunStore store;
    /** Tables this run created on the target (dropped again before a restart). */
    private final List<TableInfo> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Indexes, foreign keys, counters and schema objects, added once the data is in. */
    private final FinishPhase finish;
    /** LOAD DATA LOCAL INFILE when the target allows local_infile; otherwise multi-row INSERT. */
    private boolean loadData;
    /** The source's max_allowed_packet: the largest row it can send. */
    private long sourceMaxPacket = 64L << 20;

    public MigrationRunner(MigrationConfig config, MigrationHooks hooks, StateTracker tracker, Clock clock, RunStore store) {
        this.store = store;
        this.finish = new FinishPhase(tracker, clock, config.skipTargetBinlog());
        this.config = config;
        this.hooks = hooks;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Runs the migration; failures end up in the tracker's final state, never thrown. */
    public void run() {
        // both deleted on every way out of the run (failure, interrupt, SIGTERM through the CLI's shutdown hook)
        try (TrustStores trust = new TrustStores(); LocalInfileDir infileDir = LocalInfileDir.create()) {
            Connections source = new Connections("source", config.source(), trust, config.networkTimeout());
            Connections target = new Connections("target", config.target(), trust, config.networkTimeout(),
                    infileDir.path());
            runPhases(source, target);
            tracker.finish(null, null);
        } catch (SnapshiftException e) {
            LOG.error("migration failed: {}", e.getMessage());
            tracker.finish(e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.finish(ErrorCode.INTERRUPTED, "interrupted");
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("migration failed", e);
            tracker.finish(ErrorCode.INTERNAL, e.toString());
        }
    }

    /** What the phases before the snapshot established. */
    private record Prepared(ServerInfo sourceServer, List<DatabaseInfo> databases, List<TableInfo> selected) { }

    /** Attempts of the steps before the snapshot when a connection is lost: nothing is held yet, so just reconnect. */
    static final int CONNECT_ATTEMPTS = 3;

    private void runPhases(Connections source, Connections target) throws InterruptedException {
        tracker.phase(Phase.STARTING);
        tracker.consistency(config.consistency().name());
        Prepared prepared = beforeSnapshot(source, target);
        ServerInfo sourceServer = prepared.sourceServer();
        List<DatabaseInfo> databases = prepared.databases();
        List<TableInfo> selected = prepared.selected();

        for (int attempt = 0; ; attempt++) {
            try {
                snapshotAndCopy(source, target, sourceServer, databases, selected);
                return;
            } catch (PointInTimeLost lost) {
                if (attempt >= config.maxRestarts()) {
                    throw new SnapshiftException(ErrorCode.SNAPSHOT, lost.getMessage() + "; gave up after "
                            + attempt + " restart(s) (--max-restarts " + config.maxRestarts() + ")", lost);
                }
                LOG.warn("{}: dropping what this attempt created on the target and restarting from a new snapshot ({} of {})",
                        lost.getMessage(), attempt + 1, config.maxRestarts());
                dropCreated(target);
                tracker.restarted(lost.getMessage());
            }
        }
    }

    /**
     * Identity, settings, catalog and preflight, on plain connections: a connection lost here holds nothing yet, so
     * the step runs again on new connections, a few times, before the failure stands (naming the side that failed).
     */
    private Prepared beforeSnapshot(Connections source, Connections target) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Connection probe = null;
            Connection targetProbe = null;
            try {
                probe = source.open("probe");
                targetProbe = target.open("probe");
                try {
                    return readAndCheck(probe, targetProbe, target.localInfileDir() != null);
                } catch (SQLException e) {
                    String side = !answers(probe) ? "source" : !answers(targetProbe) ? "target" : null;
                    if (MySqlErrors.classify(e) != MySqlErrors.Kind.CONNECTION_LOST) {
                        throw new SnapshiftException(ErrorCode.PREFLIGHT, "reading the catalog and settings of the servers"
                                + " failed: " + MySqlErrors.describe(e), e);
                    }
                    String what = "the connection to the " + (side == null ? "source or target" : side) + " was lost while"
                            + " reading its catalog and settings (" + MySqlErrors.describe(e) + ")";
                    if (attempt >= CONNECT_ATTEMPTS) {
                        throw new SnapshiftException(ErrorCode.CONNECTION, what + "; gave up after " + attempt + " attempts", e);
                    }
                    LOG.warn("{}; connecting again (attempt {} of {})", what, attempt + 1, CONNECT_ATTEMPTS);
                    Thread.sleep(500L * attempt);
                }
            } finally {
                Jdbc.closeQuietly(targetProbe, null);
                Jdbc.closeQuietly(probe, null);
            }
        }
    }

    private static boolean answers(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private Prepared readAndCheck(Connection probe, Connection targetProbe, boolean localInfile) throws SQLException {
        // before anything is written anywhere: a target that is the source under another name is refused
        ServerIdentity.requireDistinct(probe, targetProbe, config.source().redacted(), config.target().redacted());
        tracker.sourceServer(ServerIdentity.fingerprint(probe).describe());
        ServerInfo sourceServer = ServerInfo.read(probe);
        ServerInfo targetServer = ServerInfo.read(targetProbe);
        loadData = "1".equals(Jdbc.scalar(targetProbe, "SELECT @@global.local_infile")) && localInfile;
        LOG.info("target writes: {}", loadData ? "LOAD DATA LOCAL INFILE"
                : "multi-row INSERT (the target has local_infile=OFF)");
        sourceMaxPacket = Long.parseLong(Jdbc.scalar(probe, "SELECT @@global.max_allowed_packet"));
        if (config.skipTargetBinlog()) {
            requireSkipBinlog(targetProbe);
        }
        LOG.info("source {} ({}), target {} ({})", config.source().redacted(), sourceServer.product(),
                config.target().redacted(), targetServer.product());

        tracker.phase(Phase.PREFLIGHT);
        checkpoint(Checkpoint.PREFLIGHT_READING, -1);
        if (!sourceServer.mariaDb() && sourceServer.major() >= 8) {
            Jdbc.execute(probe, "SET SESSION information_schema_stats_expiry = 0"); // current sizes, not a day old
        }
        SourceCatalog catalog = new SourceCatalog(probe);
        List<DatabaseInfo> databases = catalog.databases(config.databases());
        List<TableInfo> selected = new ArrayList<>();
        for (DatabaseInfo d : databases) {
            List<TableInfo> tables = catalog.tables(d.name());
            register(d.name(), tables);
            selected.addAll(tables);
        }
        prepareTarget(targetProbe, databases, selected);
        prepareTargetObjects(probe, targetProbe, databases);
        new TargetSchema(targetProbe).requireAbsent(selected);
        NonTransactional.check(selected, config);
        preflight(probe, sourceServer, targetProbe, targetServer, selected);
        return new Prepared(sourceServer, databases, selected);
    }

    private void checkpoint(Checkpoint point, int session) {
        try {
            hooks.reached(point, session);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SnapshiftException(ErrorCode.INTERNAL, "hook at " + point + " failed: " + e, e);
        }
    }

    /**
     * {@code --clean-target} drops what this migration would create; otherwise a target that still holds tables an
     * earlier run may have left there (a partial copy) is refused, naming that run. Two snapshots are never mixed
     * silently.
     */
    private void prepareTarget(Connection target, List<DatabaseInfo> databases, List<TableInfo> selected) throws SQLException {
        List<String> names = databases.stream().map(DatabaseInfo::name).toList();
        if (config.cleanTarget()) {
            List<String> dropped = TargetCleaner.dropSelected(target, selected);
            if (!dropped.isEmpty()) {
                LOG.warn("--clean-target dropped {} object(s) on the target: {}", dropped.size(), dropped);
            }
            return;
        }
        if (config.stateDir() == null) {
            return;
        }
        // only what the target really holds counts: a target created afresh at the same address is not refused
        java.util.Map<String, java.util.Set<String>> onTarget = new TargetSchema(target).tablesIn(names);
        java.util.Map<String, List<String>> expected = selected.stream().collect(java.util.stream.Collectors.groupingBy(
                TableInfo::database, java.util.stream.Collectors.mapping(TableInfo::name, java.util.stream.Collectors.toList())));
        RunStore.partialOn(config.stateDir(), config.target().address(), names,
                r -> r.mayHaveLeftAny(onTarget, expected)).ifPresent(r -> {
            throw new SnapshiftException(ErrorCode.PREFLIGHT, r.processAlive() && !r.finished()
                    ? "run " + r.runId() + " (pid " + r.pid() + ") is still migrating " + r.databases()
                    + " into this target; wait for it or stop it"
                    : "the target may hold a partial copy of " + r.databases() + " from run " + r.runId() + " ("
                    + (r.interrupted() ? "killed" : r.status()) + "; see: snapshift status " + r.runId()
                    + "); run migrate again with --clean-target to drop those tables first");
        });
    }

    /**
     * Views, routines, triggers and events are created last: a target that already has one of the same name would
     * fail the run at its very end, so it is refused now (or cleaned with --clean-target).
     */
    private void prepareTargetObjects(Connection source, Connection target, List<DatabaseInfo> databases) throws SQLException {
        List<String> clashes = new ArrayList<>();
        for (DatabaseInfo d : databases) {
            List<String[]> objects = SchemaObjects.names(source, d.name());
            if (objects.isEmpty()) {
                continue;
            }
            if (config.cleanTarget()) {
                List<String> dropped = SchemaObjects.drop(target, d.name(), objects);
                if (!dropped.isEmpty()) {
                    LOG.warn("--clean-target dropped {} on the target", dropped);
                }
            } else {
                clashes.addAll(SchemaObjects.existing(target, d.name(), objects));
            }
        }
        if (!clashes.isEmpty()) {
            throw new SnapshiftException(ErrorCode.PREFLIGHT, "the target already holds " + String.join(", ", clashes)
                    + "; nothing was written. Drop them on the target, or run with --clean-target");
        }
    }

    /** The preflight checks; warnings are logged, any failure stops the run before anything locks. */
    private void preflight(Connection source, ServerInfo sourceServer, Connection target, ServerInfo targetServer,
                           List<TableInfo> tables) throws SQLException {
        PreflightReport report = new PreflightReport(PreflightRunner.check(source, sourceServer, target, targetServer, tables, config));
        for (PreflightCheck c : report.checks()) {
            if (c.level() == PreflightCheck.Level.WARN) {
                LOG.warn("preflight {}: {} (fix: {})", c.name(), c.detail(), c.fix());
            }
        }
        if (report.failed()) {
            throw new SnapshiftException(ErrorCode.PREFLIGHT, "preflight failed: " + report.failureSummary());
        }
    }

    /** One attempt: take the point in time, create the schema, copy. */
    private void snapshotAndCopy(Connections source, Connections target, ServerInfo sourceServer, List<DatabaseInfo> databases,
                                 List<TableInfo> selected) throws InterruptedException {
        tracker.phase(Phase.SNAPSHOT);
        if (store != null) {
            store.save(tracker.snapshot()); // on disk before anything touches the target
        }
        List<TableInfo> lockCopied = new ArrayList<>();
        SnapshotCoordinator.UnderLock underLock = NonTransactional.copyUnderLock(selected, config)
                ? s -> lockCopied.addAll(copyNonTransactionalUnderLock(databases, s, target))
                : SnapshotCoordinator.UnderLock.NONE;
        try (Snapshot snapshot = new SnapshotCoordinator(source, sourceServer, hooks, clock, sourceChangeLog())
                .take(config.consistency(), config.threads(), config.sessionCount(), selected,
                        new SnapshotCoordinator.LockOptions(config.lockWaitTimeout(), config.longQueryGuard(),
                                config.killLongQueries(), NonTransactional::isNonTransactional), underLock)) {
            tracker.consistency(snapshot.consistency());
            tracker.binlog(snapshot.coordinates());
            tracker.lock(snapshot.lockTiming());
            if (snapshot.coordinates() == null && !"NONE".equals(snapshot.consistency())) {
                LOG.warn("the source has no binary log (log_bin=OFF): no coordinates to start replication or CDC from");
            }

            tracker.phase(Phase.SCHEMA);
            List<TableInfo> tables = createSchema(databases, snapshot, target, lockCopied);
            new SnapshotReads(snapshot, hooks).read("read the views, routines, triggers and events", Checkpoint.SCHEMA_READING,
                    c -> {
                        finish.readSource(c, databases, tables);
                        return null;
                    });
            HistoryCopier.copy(readSession(snapshot), target, tables, tracker, config.skipTargetBinlog());

            tracker.phase(Phase.COPY);
            List<Chunk> chunks = plan(tables, snapshot);
            finish.startIndexBuilds(target);
            boolean copied = false;
            try {
                engine(snapshot, target).onTableCopied(finish::tableCopied).run(chunks);
                copied = true;
            } finally {
                finish.endIndexBuilds(copied);
            }
            tracker.phase(Phase.FINISH);
            finish.run(target);
        }
    }

    /** Source settings changes go to the run state, on disk before the change is made. */
    private SourceChangeLog sourceChangeLog() {
        return new SourceChangeLog() {
            @Override
            public void changing(List<SourceChange> changes) {
                tracker.sourceChanging(changes);
                if (store != null) {
                    store.saveNow(tracker.snapshot());
                }
            }

            @Override
            public void restored(List<SourceChange> changes) {
                tracker.sourceRestored(changes.stream().map(SourceChange::setting).toList());
                if (store != null) {
                    store.saveNow(tracker.snapshot());
                }
            }
        };
    }

    /** A live session of the snapshot for reads outside the copy; the point in time is lost when there is none. */
    private static Connection readSession(Snapshot snapshot) {
        SnapshotSession s = snapshot.liveSession();
        if (s == null) {
            throw new PointInTimeLost("point-in-time sync lost: no snapshot session is left to read the schema from");
        }
        return s.connection();
    }

    /** Drops every table this run created on the target, so the next attempt starts from an empty target. */
    private void dropCreated(Connections target) {
        try (Connection c = target.open()) {
            new TargetSchema(c).dropCreated(created);
            created.clear();
            finish.clear();
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.COPY, "could not drop the partial copy on the target before restarting: "
                    + MySqlErrors.describe(e), e);
        }
    }

    private CopyEngine engine(Snapshot snapshot, Connections target) {
        ChunkCopier copier = new ChunkCopier(8 << 20, loadData, sourceMaxPacket, Runtime.getRuntime().maxMemory() / 2);
        return new CopyEngine(snapshot, target, tracker, copier, hooks, config.skipTargetBinlog(), config.adaptiveThreads());
    }

    /** --skip-target-binlog must be allowed before anything is written, not fail on the first worker. */
    private static void requireSkipBinlog(Connection targetProbe) {
        try {
            Jdbc.execute(targetProbe, "SET SESSION sql_log_bin = 0");
            Jdbc.execute(targetProbe, "SET SESSION sql_log_bin = 1");
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.PREFLIGHT, "--skip-target-binlog: the target user may not set sql_log_bin"
                    + " (needs SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN on MySQL 8, SUPER on 5.7, BINLOG ADMIN on"
                    + " MariaDB); grant it or leave the option out (" + MySqlErrors.describe(e) + ")", e);
        }
    }

    /**
     * Under the lock, with every snapshot started: create and copy the non-transactional tables, which the snapshot
     * does not cover but the lock holds still.
     */
    private List<TableInfo> copyNonTransactionalUnderLock(List<DatabaseInfo> databases, Snapshot snapshot, Connections target)
            throws InterruptedException {
        List<SourceSchema> schemas = readSchema(databases, snapshot, NonTransactional::isNonTransactional);
        List<TableInfo> copied = new ArrayList<>();
        try (Connection ddl = TargetSession.prepare(target.open("schema"), config.skipTargetBinlog())) {
            TargetSchema schema = new TargetSchema(ddl);
            for (SourceSchema d : schemas) {
                if (d.creates().isEmpty()) {
                    continue;
                }
                schema.createDatabase(d.database());
                for (TableDdl t : d.creates()) {
                    schema.createTable(t.table(), t.create());
                    created.add(t.table());
                    copied.add(t.table());
                }
            }
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.COPY, "creating non-transactional tables on the target failed: "
                    + MySqlErrors.describe(e), e);
        }
        LOG.warn("copying {} non-transactional table(s) while the lock is held: writers wait meanwhile", copied.size());
        engine(snapshot, target).run(plan(copied, snapshot));
        return copied;
    }

    private void register(String database, List<TableInfo> tables) {
        tracker.tables(database, tables.stream().map(TableInfo::name).toList(),
                tables.stream().map(TableInfo::estimatedRows).toList());
    }

    /** A table and its CREATE statement, as of the snapshot. */
    private record TableDdl(TableInfo table, String create) { }

    /** One database as of the snapshot: every base table, and the CREATE statements of those to create. */
    private record SourceSchema(DatabaseInfo database, List<TableInfo> tables, List<TableDdl> creates) { }

    /**
     * Reads, inside the snapshot, the tables of each database and the CREATE statements of those {@code create}
     * selects; a session lost meanwhile is replaced by another of the same snapshot (reads only, so a read simply runs
     * again).
     */
    private List<SourceSchema> readSchema(List<DatabaseInfo> databases, Snapshot snapshot,
                                          java.util.function.Predicate<TableInfo> create) {
        SnapshotReads reads = new SnapshotReads(snapshot, hooks);
        List<SourceSchema> out = new ArrayList<>();
        for (DatabaseInfo d : databases) {
            out.add(reads.read("read the schema of " + d.name(), Checkpoint.SCHEMA_READING, c -> {
                SourceCatalog catalog = new SourceCatalog(c);
                List<TableInfo> tables = catalog.tables(d.name());
                List<TableDdl> creates = new ArrayList<>();
                for (TableInfo t : tables) {
                    if (create.test(t)) {
                        creates.add(new TableDdl(t, catalog.showCreateTable(d.name(), t.name())));
                    }
                }
                return new SourceSchema(d, tables, creates);
            }));
        }
        return out;
    }

    /**
     * Reads the tables as of the snapshot, then creates them on the target; returns those left to copy (not copied
     * under the lock already, not skipped). Source failures and target failures are told apart in the messages.
     */
    private List<TableInfo> createSchema(List<DatabaseInfo> databases, Snapshot snapshot, Connections target,
                                         List<TableInfo> alreadyCopied) {
        List<SourceSchema> schemas = readSchema(databases, snapshot, t -> alreadyCopied.stream()
                .noneMatch(c -> c.database().equals(t.database()) && c.name().equals(t.name()))
                && !NonTransactional.skip(t, config, snapshot.consistency()));
        for (SourceSchema d : schemas) {
            register(d.database().name(), d.tables());
            for (TableInfo t : d.tables()) {
                if (NonTransactional.skip(t, config, snapshot.consistency())) {
                    tracker.skipped(t.database(), t.name(), "non-transactional (" + t.engine() + "): skipped by --non-transactional=skip");
                }
            }
        }
        List<TableInfo> all = new ArrayList<>();
        try (Connection ddl = TargetSession.prepare(target.open("schema"), config.skipTargetBinlog())) {
            TargetSchema schema = new TargetSchema(ddl);
            for (SourceSchema d : schemas) {
                List<TableInfo> toCreate = d.creates().stream().map(TableDdl::table).toList();
                if (config.cleanTarget()) {
                    TargetCleaner.dropSelected(ddl, toCreate); // tables that appeared on the source since the preflight
                }
                schema.requireAbsent(toCreate);
                schema.createDatabase(d.database());
                for (TableDdl t : d.creates()) {
                    DeferredIndexes split = DeferredIndexes.split(t.create(), t.table().columns().stream()
                            .filter(c -> c.autoIncrement()).map(c -> c.name()).findFirst().orElse(null));
                    schema.createTable(t.table(), split.createTable());
                    finish.deferred(t.table(), split, t.create());
                    created.add(t.table());
                }
                all.addAll(toCreate);
            }
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.COPY, "creating the schema on the target failed: " + MySqlErrors.describe(e), e);
        }
        return all;
    }

    /** Largest tables first, so the longest copies start early. */
    private List<Chunk> plan(List<TableInfo> tables, Snapshot snapshot) {
        ChunkPlanner planner = new ChunkPlanner(config.chunkRows(), config.chunkBytes());
        SnapshotReads reads = new SnapshotReads(snapshot, hooks);
        List<TableInfo> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparingLong(TableInfo::dataLength).reversed());
        List<Chunk> chunks = new ArrayList<>();
        for (TableInfo t : ordered) {
            try {
                List<Chunk> cs = reads.read("plan the copy of " + t.qualifiedName(), Checkpoint.PLANNING, c -> planner.plan(t, c));
                tracker.planned(t.database(), t.name(), cs.size());
                LOG.info("{}: {} chunk(s) of up to {} rows, {} (key {})", t.qualifiedName(), cs.size(), cs.get(0).rows(),
                        cs.get(0).mode(), t.key().stream().map(c -> c.name()).toList());
                chunks.addAll(cs);
            } catch (PointInTimeLost lost) {
                throw lost;
            } catch (SnapshiftException e) {
                tracker.failed(t.database(), t.name(), "planning failed: " + e.getMessage());
            }
        }
        return chunks;
    }

}
