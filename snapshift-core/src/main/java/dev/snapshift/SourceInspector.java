package dev.snapshift;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.DatabaseSummary;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.preflight.HistoryList;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads about a source without migrating it, on one plain read-only connection (never a snapshot
 * session): its databases for the wizard, table sizes, and the InnoDB history list length a long
 * snapshot makes grow. Not thread-safe; close it when done.
 */
public final class SourceInspector implements AutoCloseable {
    private final TrustStores trust;
    private final Connection connection;
    private final ServerInfo server;

    private SourceInspector(TrustStores trust, Connection connection, ServerInfo server) {
        this.trust = trust;
        this.connection = connection;
        this.server = server;
    }

    /**
     * @throws SnapshiftException CONNECTION when the source cannot be reached or refuses the
     *     credentials
     */
    public static SourceInspector open(ConnectionSpec source, Duration networkTimeout) {
        TrustStores trust = new TrustStores();
        Connection c = null;
        try {
            c = new Connections("source", source, trust, networkTimeout).open("inspector");
            ServerInfo server = ServerInfo.read(c);
            if (!server.mariaDb() && server.major() >= 8) {
                // information_schema sizes are cached for a day by default; current ones are wanted
                Jdbc.execute(c, "SET SESSION information_schema_stats_expiry = 0");
            }
            return new SourceInspector(trust, c, server);
        } catch (SQLException e) {
            Jdbc.closeQuietly(c, e);
            trust.close();
            throw failure("cannot read the source", e);
        } catch (RuntimeException e) {
            Jdbc.closeQuietly(c, e);
            trust.close();
            throw e;
        }
    }

    /** Every non-system database with its tables' count, estimated rows and size. */
    public List<DatabaseSummary> databases() {
        try {
            SourceCatalog catalog = new SourceCatalog(connection);
            List<DatabaseSummary> out = new ArrayList<>();
            for (DatabaseInfo d : catalog.databases(List.of())) {
                List<TableInfo> tables = catalog.tables(d.name());
                out.add(
                        new DatabaseSummary(
                                d.name(),
                                tables.size(),
                                tables.stream().mapToLong(TableInfo::estimatedRows).sum(),
                                tables.stream().mapToLong(TableInfo::dataLength).sum()));
            }
            return out;
        } catch (SQLException e) {
            throw failure("cannot list the source's databases", e);
        }
    }

    /** The data length of each table of {@code databases}, keyed {@code db.table}. */
    public Map<String, Long> tableBytes(List<String> databases) {
        try {
            SourceCatalog catalog = new SourceCatalog(connection);
            Map<String, Long> sizes = new HashMap<>();
            for (String d : databases) {
                for (TableInfo t : catalog.tables(d)) {
                    sizes.put(d + "." + t.name(), t.dataLength());
                }
            }
            return sizes;
        } catch (SQLException e) {
            throw failure("cannot read the source's table sizes", e);
        }
    }

    /**
     * InnoDB's history list length: how much undo the open snapshots keep the source from purging.
     */
    public long historyListLength() {
        try {
            return HistoryList.read(connection, server.mariaDb())
                    .orElseThrow(
                            () ->
                                    new SnapshiftException(
                                            ErrorCode.PREFLIGHT,
                                            "the server reports no history list length (INNODB_METRICS trx_rseg_history_len)"));
        } catch (SQLException e) {
            throw failure("cannot read the history list length", e);
        }
    }

    private static SnapshiftException failure(String what, SQLException e) {
        ErrorCode code =
                MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST
                        ? ErrorCode.CONNECTION
                        : ErrorCode.PREFLIGHT;
        return new SnapshiftException(code, what + ": " + MySqlErrors.describe(e), e);
    }

    @Override
    public void close() {
        Jdbc.closeQuietly(connection, null);
        trust.close();
    }
}
