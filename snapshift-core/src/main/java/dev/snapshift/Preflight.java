package dev.snapshift;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.preflight.PreflightRunner;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks before anything locks ({@code bin/snapshift preflight}, and the first step of a
 * migration): privileges, binary log, long queries, engines, keys, size, and the target. Only
 * reads; never locks, kills or changes a setting.
 */
public final class Preflight {
    private Preflight() {}

    /**
     * Connects to both servers and runs every check.
     *
     * @throws SnapshiftException CONNECTION when a server cannot be reached or refuses the
     *     credentials; USAGE when a system database is selected
     */
    public static PreflightReport run(MigrationConfig config) {
        try (TrustStores trust = new TrustStores();
                Connection source =
                        new Connections("source", config.source(), trust, config.networkTimeout())
                                .open();
                Connection target =
                        new Connections("target", config.target(), trust, config.networkTimeout())
                                .open()) {
            ServerInfo sourceInfo = ServerInfo.read(source);
            ServerInfo targetInfo = ServerInfo.read(target);
            if (!sourceInfo.mariaDb() && sourceInfo.major() >= 8) {
                // sizes from information_schema are cached for a day by default; this session wants
                // current ones
                Jdbc.execute(source, "SET SESSION information_schema_stats_expiry = 0");
            }
            List<PreflightCheck> checks = new ArrayList<>();
            List<TableInfo> tables = new ArrayList<>();
            SourceCatalog catalog = new SourceCatalog(source);
            try {
                for (DatabaseInfo d : catalog.databases(config.databases())) {
                    catalog.tables(d.name()).stream()
                            .filter(t -> config.targetOptions().selects(t.database(), t.name()))
                            .forEach(tables::add);
                }
            } catch (SnapshiftException e) {
                if (e.code() != ErrorCode.PREFLIGHT) {
                    throw e;
                }
                checks.add(
                        PreflightCheck.fail(
                                "databases",
                                e.getMessage(),
                                "correct the names given to --databases"));
            }
            checks.addAll(
                    PreflightRunner.check(source, sourceInfo, target, targetInfo, tables, config));
            return new PreflightReport(checks);
        } catch (SQLException e) {
            ErrorCode code =
                    MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST
                            ? ErrorCode.CONNECTION
                            : ErrorCode.PREFLIGHT;
            throw new SnapshiftException(
                    code, "preflight could not read the servers: " + MySqlErrors.describe(e), e);
        }
    }
}
