package dev.snapshift.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code snapshift verify} compares and how, validated once here.
 *
 * @param databases databases to compare; empty means every non-system database of the source
 * @param threads comparison workers, each with its own snapshot session and target connection
 * @param chunkBytes data per chunk compared at once (rows per chunk: this over the sampled row
 *     size)
 * @param chunkRows rows per chunk at most
 * @param consistency how the source's point in time is held: {@link ConsistencyMode#SNAPSHOT} (a
 *     global read lock for milliseconds: every session sees one instant), {@link
 *     ConsistencyMode#LOCK_TABLES}, {@link ConsistencyMode#LOCKLESS}, {@link ConsistencyMode#AUTO},
 *     or {@link ConsistencyMode#NONE} (each session its own instant); never READ_ONLY: verify
 *     changes nothing on the source
 * @param maxKeys differing keys named per table (the rest are counted)
 * @param rechecks times a differing chunk is compared again, both sides read afresh, when writes
 *     were seen on either server (a change in flight settles; a real difference stays)
 * @param recheckDelay wait before the first re-check (doubled before each next one)
 */
public record VerifyConfig(
        ConnectionSpec source,
        ConnectionSpec target,
        List<String> databases,
        int threads,
        long chunkBytes,
        int chunkRows,
        ConsistencyMode consistency,
        int maxKeys,
        int rechecks,
        Duration recheckDelay,
        Duration lockWaitTimeout,
        Duration networkTimeout) {

    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_MAX_KEYS = 10;
    public static final int DEFAULT_RECHECKS = 3;
    public static final Duration DEFAULT_RECHECK_DELAY = Duration.ofSeconds(1);

    public VerifyConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        databases = databases == null ? List.of() : List.copyOf(databases);
        consistency = consistency == null ? ConsistencyMode.SNAPSHOT : consistency;
        recheckDelay = recheckDelay == null ? DEFAULT_RECHECK_DELAY : recheckDelay;
        lockWaitTimeout =
                lockWaitTimeout == null
                        ? MigrationConfig.DEFAULT_LOCK_WAIT_TIMEOUT
                        : lockWaitTimeout;
        networkTimeout =
                networkTimeout == null ? MigrationConfig.DEFAULT_NETWORK_TIMEOUT : networkTimeout;
        if (threads < 1 || threads > 256) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "--threads must be between 1 and 256, was " + threads);
        }
        if (chunkBytes < 1 << 16 || chunkBytes > 1L << 32) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--chunk-size must be between 64KiB and 4GiB, was " + chunkBytes + " bytes");
        }
        if (chunkRows < 1) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "--chunk-rows must be at least 1, was " + chunkRows);
        }
        if (consistency == ConsistencyMode.READ_ONLY) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "verify never changes the source: use --consistency snapshot, lock-tables, lockless,"
                            + " auto or none, not read-only");
        }
        if (maxKeys < 1) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "--max-keys must be at least 1, was " + maxKeys);
        }
        if (rechecks < 0 || rechecks > 100) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "--rechecks must be between 0 and 100, was " + rechecks);
        }
        for (String db : databases) {
            if (db.isBlank()) {
                throw new SnapshiftException(ErrorCode.USAGE, "--databases contains an empty name");
            }
        }
    }

    /** Defaults: 4 threads, 32 MB chunks, snapshot consistency, 10 keys, 3 re-checks. */
    public static VerifyConfig of(
            ConnectionSpec source, ConnectionSpec target, List<String> databases) {
        return new VerifyConfig(
                source,
                target,
                databases,
                DEFAULT_THREADS,
                MigrationConfig.DEFAULT_CHUNK_BYTES,
                MigrationConfig.DEFAULT_CHUNK_ROWS,
                ConsistencyMode.SNAPSHOT,
                DEFAULT_MAX_KEYS,
                DEFAULT_RECHECKS,
                DEFAULT_RECHECK_DELAY,
                null,
                null);
    }

    public VerifyConfig withThreads(int n) {
        return new VerifyConfig(
                source,
                target,
                databases,
                n,
                chunkBytes,
                chunkRows,
                consistency,
                maxKeys,
                rechecks,
                recheckDelay,
                lockWaitTimeout,
                networkTimeout);
    }

    public VerifyConfig withChunkBytes(long bytes) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                bytes,
                chunkRows,
                consistency,
                maxKeys,
                rechecks,
                recheckDelay,
                lockWaitTimeout,
                networkTimeout);
    }

    public VerifyConfig withChunkRows(int rows) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                chunkBytes,
                rows,
                consistency,
                maxKeys,
                rechecks,
                recheckDelay,
                lockWaitTimeout,
                networkTimeout);
    }

    public VerifyConfig withConsistency(ConsistencyMode mode) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                chunkBytes,
                chunkRows,
                mode,
                maxKeys,
                rechecks,
                recheckDelay,
                lockWaitTimeout,
                networkTimeout);
    }

    public VerifyConfig withMaxKeys(int n) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                chunkBytes,
                chunkRows,
                consistency,
                n,
                rechecks,
                recheckDelay,
                lockWaitTimeout,
                networkTimeout);
    }

    public VerifyConfig withRechecks(int n, Duration delay) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                chunkBytes,
                chunkRows,
                consistency,
                maxKeys,
                n,
                delay,
                lockWaitTimeout,
                networkTimeout);
    }

    public VerifyConfig withLockWaitTimeout(Duration d) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                chunkBytes,
                chunkRows,
                consistency,
                maxKeys,
                rechecks,
                recheckDelay,
                d,
                networkTimeout);
    }

    public VerifyConfig withNetworkTimeout(Duration d) {
        return new VerifyConfig(
                source,
                target,
                databases,
                threads,
                chunkBytes,
                chunkRows,
                consistency,
                maxKeys,
                rechecks,
                recheckDelay,
                lockWaitTimeout,
                d);
    }
}
