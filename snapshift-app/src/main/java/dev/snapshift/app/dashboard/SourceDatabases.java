package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.SourceInspector;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.DatabaseSummary;
import dev.snapshift.api.MigrationConfig;

/**
 * The source's databases with their tables, estimated rows and size, for the wizard to choose from.
 */
final class SourceDatabases {
    private SourceDatabases() {}

    static ArrayNode list(ConnectionSpec source) {
        try (SourceInspector inspector =
                SourceInspector.open(source, MigrationConfig.DEFAULT_NETWORK_TIMEOUT)) {
            ArrayNode list = Http.JSON.createArrayNode();
            for (DatabaseSummary d : inspector.databases()) {
                ObjectNode n = list.addObject();
                n.put("name", d.name());
                n.put("tables", d.tables());
                n.put("estimatedRows", d.estimatedRows());
                n.put("bytes", d.bytes());
            }
            return list;
        }
    }
}
