package dev.snapshift.internal;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.List;

/**
 * What the preflight established, read once and handed to every later phase (none reads these
 * again).
 *
 * @param databases the selected databases, resolved
 * @param tables their tables as the preflight read them (the schema phase reads them again inside
 *     the snapshot, where they count)
 * @param mode the consistency mode the run uses: AUTO resolved here, from what the source allows
 * @param loadData the target takes LOAD DATA LOCAL INFILE (else multi-row INSERT)
 * @param sourceMaxPacket the source's max_allowed_packet: the largest row it can send
 * @param targetMaxPacket the target's max_allowed_packet: the largest statement it takes
 */
record RunFacts(
        ServerInfo sourceServer,
        ServerInfo targetServer,
        List<DatabaseInfo> databases,
        List<TableInfo> tables,
        ConsistencyMode mode,
        boolean loadData,
        long sourceMaxPacket,
        long targetMaxPacket) {
    RunFacts {
        databases = List.copyOf(databases);
        tables = List.copyOf(tables);
    }
}
