package dev.snapshift.internal.preflight;

import dev.snapshift.internal.schema.TableInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Size of the selected tables (DATA_LENGTH + INDEX_LENGTH, or the tablespace file where larger) and
 * how long copying them takes at an assumed rate. A rough number, meant for comparisons such as
 * binlog retention.
 *
 * @param bytesByTable bytes per table, keyed by {@link TableInfo#qualifiedName()}
 */
record SizeEstimate(Map<String, Long> bytesByTable) {
    /** The assumed copy rate: 50 MB/s (decimal megabytes). */
    static final long ASSUMED_BYTES_PER_SECOND = 50_000_000L;

    static final String ASSUMPTION = "50 MB/s";

    SizeEstimate {
        bytesByTable = Map.copyOf(bytesByTable);
    }

    long bytes() {
        return bytesByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    long bytesOf(Collection<TableInfo> tables) {
        return tables.stream()
                .mapToLong(t -> bytesByTable.getOrDefault(t.qualifiedName(), t.dataLength()))
                .sum();
    }

    Duration duration() {
        return durationOf(bytes());
    }

    /** At least one second: nothing takes no time. */
    static Duration durationOf(long bytes) {
        long seconds = (bytes + ASSUMED_BYTES_PER_SECOND - 1) / ASSUMED_BYTES_PER_SECOND;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
