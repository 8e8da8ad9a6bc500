package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every check may look at: both servers (plain, non-snapshot connections, used for reads
 * only), the selected tables, the configuration, the mode the run will use and the size estimate.
 */
record PreflightContext(
        Connection source,
        ServerFacts sourceFacts,
        Connection target,
        ServerFacts targetFacts,
        List<TableInfo> tables,
        MigrationConfig config,
        ConsistencyMode mode,
        SizeEstimate estimate) {

    /** The databases the selected tables live in, sorted. */
    Set<String> databases() {
        Set<String> out = new TreeSet<>();
        tables.forEach(t -> out.add(t.database()));
        return out;
    }
}
