package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every preflight check, source first, then target. Read-only: nothing here changes server
 * state, locks or kills. A check that cannot run (the server refuses a statement) becomes a WARN
 * saying so; a lost connection is thrown.
 */
public final class PreflightRunner {
    private PreflightRunner() {}

    /** One check, or several, that may read from the servers. */
    @FunctionalInterface
    private interface Check {
        List<PreflightCheck> run(PreflightContext ctx) throws SQLException;
    }

    /**
     * @param source plain (non-snapshot) source connection
     * @param target plain target connection
     * @param tables the selected tables, as the source catalog reads them
     */
    public static List<PreflightCheck> check(
            Connection source,
            ServerInfo sourceInfo,
            Connection target,
            ServerInfo targetInfo,
            List<TableInfo> tables,
            MigrationConfig config)
            throws SQLException {
        return run(source, sourceInfo, target, targetInfo, tables, config, null).checks();
    }

    /**
     * What the preflight established, for the phases after it: the checks, and the consistency mode
     * the run will use (AUTO resolved once, here, from what the source allows).
     */
    public record Outcome(
            List<PreflightCheck> checks,
            ConsistencyMode mode,
            List<dev.snapshift.api.Transformation> transformations) {}

    /**
     * @param distinctSource the source's fingerprint when the caller proved the target to be
     *     another server ({@code ServerIdentity.requireDistinct}); null: the check asks
     */
    public static Outcome run(
            Connection source,
            ServerInfo sourceInfo,
            Connection target,
            ServerInfo targetInfo,
            List<TableInfo> tables,
            MigrationConfig config,
            dev.snapshift.internal.jdbc.ServerIdentity.Fingerprint distinctSource)
            throws SQLException {
        ServerFacts sourceFacts = ServerFacts.read(source, sourceInfo);
        ServerFacts targetFacts = ServerFacts.read(target, targetInfo);
        boolean needsLock =
                config.nonTransactional() == NonTransactionalPolicy.LOCK
                        && tables.stream().anyMatch(t -> !TableChecks.transactional(t));
        ConsistencyMode mode = ModeChoice.effective(config.consistency(), sourceFacts, needsLock);
        PreflightContext ctx =
                new PreflightContext(
                        source,
                        sourceFacts,
                        target,
                        targetFacts,
                        tables,
                        config,
                        mode,
                        DurationEstimate.read(source, tables),
                        distinctSource,
                        new PreflightContext.Once<>(TargetShape::readDefinedObjects));
        List<PreflightCheck> out = new ArrayList<>();
        run(out, ctx, DistinctServers.NAME, c -> List.of(DistinctServers.check(c)));
        run(out, ctx, "source version", c -> List.of(VersionChecks.source(c)));
        run(out, ctx, "target version", c -> List.of(VersionChecks.target(c)));
        run(out, ctx, ReadOnlyChecks.SOURCE, c -> List.of(ReadOnlyChecks.source(c)));
        run(out, ctx, ReadOnlyChecks.TARGET, c -> List.of(ReadOnlyChecks.target(c)));
        run(out, ctx, ConsistencyCheck.NAME, c -> List.of(ConsistencyCheck.check(c)));
        run(out, ctx, SourcePrivileges.READ, c -> List.of(SourcePrivileges.read(c)));
        run(out, ctx, SourcePrivileges.COORDINATES, c -> List.of(SourcePrivileges.coordinates(c)));
        run(out, ctx, BinlogChecks.LOG_BIN, BinlogChecks::all);
        run(out, ctx, OnlineChecks.NAME, OnlineChecks::all);
        run(out, ctx, LongQueries.NAME, LongQueries::check);
        run(out, ctx, TableChecks.NON_TRANSACTIONAL, c -> List.of(TableChecks.nonTransactional(c)));
        run(out, ctx, TableChecks.NO_KEY, TableChecks::keysAndAccess);
        run(out, ctx, TableChecks.MARIADB_ONLY, c -> List.of(TableChecks.mariaDbOnly(c)));
        run(out, ctx, DurationEstimate.NAME, c -> List.of(DurationEstimate.check(c)));
        run(out, ctx, HistoryList.NAME, c -> List.of(HistoryList.check(c)));
        run(out, ctx, TargetSettings.REQUIRE_PK, c -> List.of(TargetSettings.requirePrimaryKey(c)));
        run(out, ctx, TargetShape.NAMES, c -> List.of(TargetShape.names(c)));
        run(out, ctx, TargetShape.DEFINERS, c -> List.of(TargetShape.definers(c)));
        run(out, ctx, TargetShape.FUNCTION_CREATORS, c -> List.of(TargetShape.functionCreators(c)));
        run(out, ctx, TargetShape.ENGINES, c -> List.of(TargetShape.engines(c)));
        run(out, ctx, CollationCheck.NAME, c -> List.of(CollationCheck.check(c)));
        run(out, ctx, AccountCheck.NAME, c -> List.of(AccountCheck.check(c)));
        run(out, ctx, TargetShape.TRANSFORMATIONS, c -> List.of(TargetShape.transformations(c)));
        run(out, ctx, TargetSettings.PACKET, c -> List.of(TargetSettings.maxAllowedPacket(c)));
        run(out, ctx, TargetObjects.NAME, c -> List.of(TargetObjects.check(c)));
        run(out, ctx, TargetPrivileges.NAME, c -> List.of(TargetPrivileges.check(c)));
        return new Outcome(out, mode, TargetShape.planned(ctx));
    }

    private static void run(
            List<PreflightCheck> out, PreflightContext ctx, String name, Check check)
            throws SQLException {
        try {
            out.addAll(check.run(ctx));
        } catch (SQLException e) {
            if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                throw e;
            }
            out.add(
                    PreflightCheck.warn(
                            name,
                            "could not be checked: " + MySqlErrors.describe(e),
                            "check it by hand, or grant the account what the server asks for"));
        }
    }
}
