package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The source's databases with their tables, estimated rows and size, for the wizard to choose from. */
final class SourceDatabases {
    private SourceDatabases() {
    }

    static ArrayNode list(ConnectionSpec source) {
        try (TrustStores trust = new TrustStores();
             Connection c = new Connections("source", source, trust, MigrationConfig.DEFAULT_NETWORK_TIMEOUT).open()) {
            SourceCatalog catalog = new SourceCatalog(c);
            ArrayNode list = Http.JSON.createArrayNode();
            for (DatabaseInfo d : catalog.databases(List.of())) {
                List<TableInfo> tables = catalog.tables(d.name());
                ObjectNode n = list.addObject();
                n.put("name", d.name());
                n.put("tables", tables.size());
                n.put("estimatedRows", tables.stream().mapToLong(TableInfo::estimatedRows).sum());
                n.put("bytes", tables.stream().mapToLong(TableInfo::dataLength).sum());
            }
            return list;
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.CONNECTION, "cannot list the source's databases: " + MySqlErrors.describe(e), e);
        }
    }
}
