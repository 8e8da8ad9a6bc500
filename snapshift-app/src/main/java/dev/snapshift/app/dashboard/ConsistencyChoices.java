package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.snapshift.api.ConsistencyMode;

/** The consistency modes in the words the wizard shows, strongest first. */
final class ConsistencyChoices {
    private ConsistencyChoices() {}

    static ArrayNode json() {
        ArrayNode list = Http.JSON.createArrayNode();
        add(
                list,
                ConsistencyMode.SNAPSHOT,
                "Enable transactional consistency",
                "Writes pause for milliseconds while every copy session starts a consistent snapshot; the copy is of one "
                        + "instant and the binlog position is exact. Needs the RELOAD privilege. Recommended.");
        add(
                list,
                ConsistencyMode.READ_ONLY,
                "Make source server read only",
                "The whole source server refuses writes until the copy ends (restored afterwards, also when stopped).");
        add(
                list,
                ConsistencyMode.LOCK_TABLES,
                "Lock only the selected tables briefly",
                "For sources that refuse the global lock (Amazon RDS style): LOCK TABLES on the selected tables for milliseconds.");
        add(
                list,
                ConsistencyMode.LOCKLESS,
                "Consistent without any lock (MariaDB, Percona Server)",
                "The server proves every session's snapshot position; refused on stock MySQL.");
        add(
                list,
                ConsistencyMode.AUTO,
                "Choose the strongest the source allows",
                "Transactional consistency with RELOAD, else lockless where provable, else table locks.");
        add(
                list,
                ConsistencyMode.NONE,
                "No consistency guarantee",
                "Copies tables as they are while they change; no binlog position to start replication from.");
        return list;
    }

    private static void add(
            ArrayNode list, ConsistencyMode mode, String label, String description) {
        list.addObject()
                .put("value", mode.cliName())
                .put("label", label)
                .put("description", description);
    }
}
