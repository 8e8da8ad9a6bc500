package dev.snapshift.internal;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.Phase;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerIdentity;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.preflight.PreflightRunner;
import dev.snapshift.internal.retry.Retrier;
import dev.snapshift.internal.retry.RetryPolicy;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.SchemaObjects;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TargetCleaner;
import dev.snapshift.internal.schema.TargetSchema;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything before the point in time, on plain connections: the servers' identity (the target must
 * not be the source), their settings, the catalog, the target's readiness (partial copies, clashing
 * objects, --clean-target) and the preflight checks. A connection lost here holds nothing yet, so
 * the phase runs again on new connections, a few times, before the failure stands, naming the side
 * that failed. Produces the {@link RunFacts} the later phases use.
 */
final class PreflightPhase {
    private static final Logger LOG = LoggerFactory.getLogger(PreflightPhase.class);
    private final MigrationConfig config;
    private final StateTracker tracker;
    private final Hooks hooks;

    PreflightPhase(MigrationConfig config, StateTracker tracker, Hooks hooks) {
        this.config = config;
        this.tracker = tracker;
        this.hooks = hooks;
    }

    /** A resumed run's own tables are on the target: they are not refused. */
    private boolean adopting;

    /** Told the source's server as soon as it is known (the source's credentials work). */
    private java.util.function.Consumer<ServerInfo> sourceKnown = server -> {};

    /** The purpose of the connection on which each server's catalog and settings are read. */
    static final String PROBE = "probe";

    PreflightPhase onceSourceKnown(java.util.function.Consumer<ServerInfo> then) {
        this.sourceKnown = then;
        return this;
    }

    PreflightPhase adopting(boolean on) {
        this.adopting = on;
        return this;
    }

    RunFacts run(Connections source, Connections target) throws InterruptedException {
        try {
            return Retrier.run(
                    "reading the servers' catalog and settings",
                    RetryPolicy.RECONNECT,
                    SQLException.class,
                    e -> true,
                    Retrier.BeforeRetry.none(),
                    attempt -> {
                        Connection probe = null;
                        Connection targetProbe = null;
                        try {
                            // the target's handshakes run while the source's do
                            // (already opening when the run opened both probes before its
                            // set-up: MigrationRunner.Links)
                            target.openAheadUnlessPending(PROBE);
                            probe = source.open(PROBE);
                            targetProbe = target.open(PROBE);
                            return readAndCheck(
                                    probe, targetProbe, target.localInfileDir() != null);
                        } catch (SQLException e) {
                            if (MySqlErrors.classify(e) != MySqlErrors.Kind.CONNECTION_LOST) {
                                throw new SnapshiftException(
                                        ErrorCode.PREFLIGHT,
                                        "reading the catalog and settings of"
                                                + " the servers failed: "
                                                + MySqlErrors.describe(e),
                                        e);
                            }
                            String side =
                                    !answers(probe)
                                            ? "source"
                                            : !answers(targetProbe) ? "target" : "source or target";
                            // only lost connections come back here, worth another attempt on new
                            // connections
                            throw new SQLException(
                                    "the connection to the "
                                            + side
                                            + " was lost while reading its catalog"
                                            + " and settings ("
                                            + MySqlErrors.describe(e)
                                            + ")",
                                    e.getSQLState(),
                                    e.getErrorCode(),
                                    e);
                        } finally {
                            Jdbc.closeQuietly(targetProbe, null);
                            Jdbc.closeQuietly(probe, null);
                            target.closeAhead(); // the target probe, when the source failed first
                        }
                    });
        } catch (SQLException lost) {
            throw new SnapshiftException(
                    ErrorCode.CONNECTION,
                    lost.getMessage()
                            + "; gave up after "
                            + RetryPolicy.RECONNECT.attempts()
                            + " attempts",
                    lost);
        }
    }

    private static boolean answers(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private RunFacts readAndCheck(Connection probe, Connection targetProbe, boolean localInfile)
            throws SQLException {
        // before anything is written anywhere: a target that is the source under another name is
        // refused
        ServerIdentity.Fingerprint sourceIdentity =
                ServerIdentity.requireDistinct(
                        probe, targetProbe, config.source().redacted(), config.target().redacted());
        tracker.sourceServer(sourceIdentity.describe());
        ServerInfo sourceServer = ServerInfo.read(probe);
        sourceKnown.accept(sourceServer);
        ServerInfo targetServer = ServerInfo.read(targetProbe);
        boolean loadData =
                "1".equals(Jdbc.scalar(targetProbe, "SELECT @@global.local_infile")) && localInfile;
        LOG.info(
                "target writes: {}",
                loadData
                        ? "LOAD DATA LOCAL INFILE"
                        : "multi-row INSERT (the target has local_infile=OFF)");
        long sourceMaxPacket =
                Long.parseLong(Jdbc.scalar(probe, "SELECT @@global.max_allowed_packet"));
        long targetMaxPacket =
                Long.parseLong(Jdbc.scalar(targetProbe, "SELECT @@global.max_allowed_packet"));
        if (config.skipTargetBinlog()) {
            requireSkipBinlog(targetProbe);
        }
        LOG.info(
                "source {} ({}), target {} ({})",
                config.source().redacted(),
                sourceServer.product(),
                config.target().redacted(),
                targetServer.product());

        tracker.phase(Phase.PREFLIGHT);
        hooks.reached(Checkpoint.PREFLIGHT_READING, -1);
        if (!sourceServer.mariaDb() && sourceServer.major() >= 8) {
            Jdbc.execute(
                    probe,
                    "SET SESSION information_schema_stats_expiry = 0"); // current sizes, not a day
            // old
        }
        SourceCatalog catalog = new SourceCatalog(probe);
        List<DatabaseInfo> databases =
                catalog.databases(config.databases()).stream()
                        .filter(d -> config.targetOptions().selectsDatabase(d.name()))
                        .toList();
        SourceCatalog.Tablespaces files =
                catalog.tablespaces(databases.stream().map(DatabaseInfo::name).toList());
        List<TableInfo> selected = new ArrayList<>();
        for (DatabaseInfo d : databases) {
            List<TableInfo> tables =
                    catalog.tables(d.name(), files).stream()
                            .filter(t -> config.targetOptions().selects(t.database(), t.name()))
                            .toList();
            tracker.tables(
                    d.name(),
                    tables.stream().map(TableInfo::name).toList(),
                    tables.stream().map(TableInfo::estimatedRows).toList());
            selected.addAll(tables);
        }
        if (!adopting) {
            prepareTarget(targetProbe, databases, selected);
        }
        prepareTargetObjects(probe, targetProbe, databases);
        if (!adopting) {
            new TargetSchema(targetProbe).requireAbsent(selected);
        }
        NonTransactional.check(selected, config);
        ConsistencyMode mode =
                preflight(probe, sourceServer, sourceIdentity, targetProbe, targetServer, selected);
        return new RunFacts(
                sourceServer,
                targetServer,
                databases,
                selected,
                mode,
                loadData,
                sourceMaxPacket,
                targetMaxPacket);
    }

    /**
     * {@code --clean-target} drops what this migration would create; otherwise a target that still
     * holds tables an earlier run may have left there (a partial copy) is refused, naming that run.
     * Two snapshots are never mixed silently.
     */
    private void prepareTarget(
            Connection target, List<DatabaseInfo> databases, List<TableInfo> selected)
            throws SQLException {
        List<String> names = databases.stream().map(DatabaseInfo::name).toList();
        if (config.cleanTarget()) {
            List<String> dropped = TargetCleaner.dropSelected(target, selected);
            if (!dropped.isEmpty()) {
                LOG.warn(
                        "--clean-target dropped {} object(s) on the target: {}",
                        dropped.size(),
                        dropped);
            }
            return;
        }
        if (config.stateDir() == null) {
            return;
        }
        // only what the target really holds counts: a target created afresh at the same address is
        // not refused
        Map<String, Set<String>> onTarget = new TargetSchema(target).tablesIn(names);
        Map<String, List<String>> expected =
                selected.stream()
                        .collect(
                                Collectors.groupingBy(
                                        TableInfo::database,
                                        Collectors.mapping(TableInfo::name, Collectors.toList())));
        RunStore.partialOn(
                        config.stateDir(),
                        config.target().address(),
                        names,
                        r -> r.mayHaveLeftAny(onTarget, expected))
                .ifPresent(
                        r -> {
                            throw new SnapshiftException(
                                    ErrorCode.PREFLIGHT,
                                    r.processAlive() && !r.finished()
                                            ? "run "
                                                    + r.runId()
                                                    + " (pid "
                                                    + r.pid()
                                                    + ") is still migrating "
                                                    + r.databases()
                                                    + " into this target; wait for it or stop it"
                                            : "the target may hold a partial copy of "
                                                    + r.databases()
                                                    + " from run "
                                                    + r.runId()
                                                    + " ("
                                                    + (r.interrupted() ? "killed" : r.status())
                                                    + "; see: snapshift status "
                                                    + r.runId()
                                                    + "); run migrate again with --clean-target to drop those tables first");
                        });
    }

    /**
     * Views, routines, triggers and events are created last: a target that already has one of the
     * same name would fail the run at its very end, so it is refused now (or cleaned with
     * --clean-target).
     */
    private void prepareTargetObjects(
            Connection source, Connection target, List<DatabaseInfo> databases)
            throws SQLException {
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
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "the target already holds "
                            + String.join(", ", clashes)
                            + "; nothing was written. Drop them on the target, or run with --clean-target");
        }
    }

    /**
     * The preflight checks; warnings are logged, any failure stops the run before anything locks.
     */
    private ConsistencyMode preflight(
            Connection source,
            ServerInfo sourceServer,
            ServerIdentity.Fingerprint sourceIdentity,
            Connection target,
            ServerInfo targetServer,
            List<TableInfo> tables)
            throws SQLException {
        PreflightRunner.Outcome outcome =
                PreflightRunner.run(
                        source, sourceServer, target, targetServer, tables, config, sourceIdentity);
        PreflightReport report =
                new PreflightReport(
                        outcome.checks().stream()
                                // a resumed run's own tables are on the target on purpose
                                .filter(
                                        c ->
                                                !adopting
                                                        || !c.name()
                                                                .equals(
                                                                        dev.snapshift.internal
                                                                                .preflight
                                                                                .TargetObjects
                                                                                .NAME))
                                .toList());
        for (PreflightCheck c : report.checks()) {
            if (c.level() == PreflightCheck.Level.WARN) {
                LOG.warn("preflight {}: {} (fix: {})", c.name(), c.detail(), c.fix());
            }
        }
        if (report.failed()) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT, "preflight failed: " + report.failureSummary());
        }
        outcome.transformations().forEach(tracker::transformed);
        if (config.consistency() == ConsistencyMode.AUTO) {
            LOG.info("consistency auto: using {}", outcome.mode().cliName());
        }
        return outcome.mode();
    }

    /**
     * --skip-target-binlog must be allowed before anything is written, not fail on the first
     * worker.
     */
    private static void requireSkipBinlog(Connection targetProbe) {
        try {
            Jdbc.execute(targetProbe, "SET SESSION sql_log_bin = 0");
            Jdbc.execute(targetProbe, "SET SESSION sql_log_bin = 1");
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "--skip-target-binlog: the target user may not set sql_log_bin"
                            + " (needs SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN on MySQL 8, SUPER on 5.7, BINLOG ADMIN on"
                            + " MariaDB); grant it or leave the option out ("
                            + MySqlErrors.describe(e)
                            + ")",
                    e);
        }
    }
}
