package dev.snapshift.it;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * A migration in a JVM of its own, so a test can give it a small heap or kill it: {@code SOURCE_URL
 * TARGET_URL DATABASE THREADS [STATE_DIR CHUNK_ROWS MAX_RATE]}, passwords in
 * SNAPSHIFT_SOURCE_PASSWORD and SNAPSHIFT_TARGET_PASSWORD. Exits 0 when the run completed and
 * prints the peak heap use.
 */
public final class MigrateMain {
    private MigrateMain() {}

    public static void main(String[] args) {
        MigrationConfig config =
                MigrationConfig.of(
                        ConnectionSpec.parse(
                                "source", args[0], System.getenv("SNAPSHIFT_SOURCE_PASSWORD")),
                        ConnectionSpec.parse(
                                "target", args[1], System.getenv("SNAPSHIFT_TARGET_PASSWORD")),
                        List.of(args[2]),
                        Integer.parseInt(args[3]));
        if (args.length > 4) {
            config =
                    config.withStateDir(java.nio.file.Path.of(args[4]))
                            .withChunkRows(Integer.parseInt(args[5]))
                            .withMaxRate(Long.parseLong(args[6]));
        }
        MigrationState state = Migration.of(config).run();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("status=" + state.status() + " error=" + state.error());
        System.out.println(
                "maxHeapMB="
                        + Runtime.getRuntime().maxMemory() / (1 << 20)
                        + " peakHeapPoolsMB="
                        + peak / (1 << 20));
        System.exit(state.status() == Status.COMPLETED ? 0 : 1);
    }
}
