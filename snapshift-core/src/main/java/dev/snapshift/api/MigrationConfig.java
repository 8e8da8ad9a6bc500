package dev.snapshift.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one migration needs, validated once here.
 *
 * @param databases databases to copy; empty means every non-system database of the source
 * @param threads copy workers; {@code ceil(1.5 * threads)} snapshot sessions are opened in all
 * @param chunkRows rows per chunk at most (a chunk is one target transaction)
 * @param lockWaitTimeout bound on every lock wait on the source
 * @param consistency how the point in time is held
 * @param longQueryGuard refuse to lock while a query has run longer than this (it would stall every
 *     writer)
 * @param killLongQueries kill such queries instead of refusing
 * @param nonTransactional what to do with tables the snapshot does not cover
 * @param maxRestarts restarts from a new snapshot when every session of the point in time was lost
 * @param stateDir where the run state is written durably as it changes; null: nowhere
 * @param cleanTarget drop, before copying, the target's tables that the selected databases would
 *     create
 * @param networkTimeout a read that waits longer on a server counts as a lost connection (frozen
 *     network)
 * @param chunkBytes target size of a chunk in bytes; rows per chunk are this over the sampled row
 *     size, at most {@code chunkRows}
 * @param adaptiveThreads {@code threads} is a ceiling: the copy finds how many workers the two
 *     servers sustain
 * @param skipTargetBinlog {@code sql_log_bin = 0} on the target's load sessions (the copy is not
 *     replicated from the target; needs the privilege to set it)
 * @param online after the copy, apply the source's binary log to the target until cutover ({@code
 *     --online}); null: the run ends after the copy
 * @param maxRowsPerSecond rows per second the copy reads at most, over all workers ({@code
 *     --max-rate}); 0: no limit
 * @param verify verify every chunk inside the snapshot: row count and row digest on the snapshot
 *     session that copied it and on the target right after it committed (on unless {@code
 *     --no-verify})
 */
public record MigrationConfig(
        ConnectionSpec source,
        ConnectionSpec target,
        List<String> databases,
        int threads,
        int chunkRows,
        Duration lockWaitTimeout,
        ConsistencyMode consistency,
        Duration longQueryGuard,
        boolean killLongQueries,
        NonTransactionalPolicy nonTransactional,
        int maxRestarts,
        java.nio.file.Path stateDir,
        boolean cleanTarget,
        Duration networkTimeout,
        long chunkBytes,
        boolean adaptiveThreads,
        boolean skipTargetBinlog,
        TargetOptions targetOptions,
        OnlineOptions online,
        boolean verify,
        long maxRowsPerSecond) {

    public static final int DEFAULT_THREADS = 4;

    /**
     * Rows per chunk at most (chunks are cut by bytes): a table of tiny rows still gets reasonable
     * transactions.
     */
    public static final int DEFAULT_CHUNK_ROWS = 500_000;

    public static final long DEFAULT_CHUNK_BYTES = 32L << 20;

    /** Ceiling of workers when the copy adapts the parallelism itself. */
    public static final int DEFAULT_ADAPTIVE_THREADS = 8;

    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(10);

    /** Shorter waits would give up before a lock on an idle server is even granted. */
    public static final Duration MIN_LOCK_WAIT_TIMEOUT = Duration.ofMillis(100);

    public static final Duration DEFAULT_LONG_QUERY_GUARD = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RESTARTS = 2;
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofMinutes(5);

    public MigrationConfig {
        targetOptions = targetOptions == null ? TargetOptions.DEFAULTS : targetOptions;
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        databases = databases == null ? List.of() : List.copyOf(databases);
        lockWaitTimeout = lockWaitTimeout == null ? DEFAULT_LOCK_WAIT_TIMEOUT : lockWaitTimeout;
        consistency = consistency == null ? ConsistencyMode.SNAPSHOT : consistency;
        longQueryGuard = longQueryGuard == null ? DEFAULT_LONG_QUERY_GUARD : longQueryGuard;
        nonTransactional =
                nonTransactional == null ? NonTransactionalPolicy.FAIL : nonTransactional;
        networkTimeout = networkTimeout == null ? DEFAULT_NETWORK_TIMEOUT : networkTimeout;
        if (networkTimeout.toSeconds() < 1) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--network-timeout must be at least 1s, was " + networkTimeout);
        }
        if (maxRestarts < 0 || maxRestarts > 100) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--max-restarts must be between 0 and 100, was " + maxRestarts);
        }
        if (longQueryGuard.isNegative() || longQueryGuard.toSeconds() < 1) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--long-query-guard must be at least 1s, was " + longQueryGuard);
        }
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
                    ErrorCode.USAGE,
                    "--chunk-rows must be at least 1 (rows per chunk), was " + chunkRows);
        }
        if (maxRowsPerSecond < 0) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--max-rate must be a number of rows per second, or 0 for no limit; was "
                            + maxRowsPerSecond);
        }
        if (lockWaitTimeout.compareTo(MIN_LOCK_WAIT_TIMEOUT) < 0) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--lock-wait-timeout must be at least 100ms, was "
                            + lockWaitTimeout.toMillis()
                            + "ms");
        }
        for (String db : databases) {
            if (db.isBlank()) {
                throw new SnapshiftException(ErrorCode.USAGE, "--databases contains an empty name");
            }
        }
        if (online != null && consistency == ConsistencyMode.NONE) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--online catches up from the snapshot's binary log coordinates, and --consistency"
                            + " none takes no snapshot: use snapshot, read-only, lock-tables, lockless or auto");
        }
        if (source.host().equalsIgnoreCase(target.host()) && source.port() == target.port()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "source and target are the same server (" + source.address() + ")");
        }
    }

    /** Defaults for restarts (2), no state directory, no target cleaning, fixed threads. */
    public MigrationConfig(
            ConnectionSpec source,
            ConnectionSpec target,
            List<String> databases,
            int threads,
            int chunkRows,
            Duration lockWaitTimeout,
            ConsistencyMode consistency,
            Duration longQueryGuard,
            boolean killLongQueries,
            NonTransactionalPolicy nonTransactional) {
        this(
                source,
                target,
                databases,
                threads,
                chunkRows,
                lockWaitTimeout,
                consistency,
                longQueryGuard,
                killLongQueries,
                nonTransactional,
                DEFAULT_MAX_RESTARTS,
                null,
                false,
                DEFAULT_NETWORK_TIMEOUT,
                DEFAULT_CHUNK_BYTES,
                false,
                false,
                TargetOptions.DEFAULTS,
                null,
                true,
                0);
    }

    public static MigrationConfig of(
            ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads) {
        return new MigrationConfig(
                source,
                target,
                databases,
                threads,
                DEFAULT_CHUNK_ROWS,
                DEFAULT_LOCK_WAIT_TIMEOUT,
                ConsistencyMode.SNAPSHOT,
                DEFAULT_LONG_QUERY_GUARD,
                false,
                NonTransactionalPolicy.FAIL);
    }

    public MigrationConfig withChunkRows(int rows) {
        return edit(b -> b.chunkRows = rows);
    }

    public MigrationConfig withChunkBytes(long bytes) {
        return edit(b -> b.chunkBytes = bytes);
    }

    public MigrationConfig withConsistency(ConsistencyMode mode) {
        return edit(b -> b.consistency = mode);
    }

    public MigrationConfig withLockWaitTimeout(Duration timeout) {
        return edit(b -> b.lockWaitTimeout = timeout);
    }

    public MigrationConfig withLongQueryGuard(Duration guard, boolean kill) {
        return edit(
                b -> {
                    b.longQueryGuard = guard;
                    b.killLongQueries = kill;
                });
    }

    public MigrationConfig withNonTransactional(NonTransactionalPolicy policy) {
        return edit(b -> b.nonTransactional = policy);
    }

    public MigrationConfig withMaxRestarts(int restarts) {
        return edit(b -> b.maxRestarts = restarts);
    }

    public MigrationConfig withNetworkTimeout(Duration timeout) {
        return edit(b -> b.networkTimeout = timeout);
    }

    public MigrationConfig withStateDir(java.nio.file.Path dir) {
        return edit(b -> b.stateDir = dir);
    }

    public MigrationConfig withCleanTarget(boolean clean) {
        return edit(b -> b.cleanTarget = clean);
    }

    /** {@code threads} becomes a ceiling; the copy finds how many workers the servers sustain. */
    public MigrationConfig withAdaptiveThreads(boolean adaptive) {
        return edit(b -> b.adaptiveThreads = adaptive);
    }

    public MigrationConfig withSkipTargetBinlog(boolean skip) {
        return edit(b -> b.skipTargetBinlog = skip);
    }

    /** {@code --online}: catch up from the binary log after the copy (null: offline). */
    public MigrationConfig withOnline(OnlineOptions options) {
        return edit(b -> b.online = options);
    }

    /** Whether the run catches up from the binary log after the copy, until cutover. */
    public boolean isOnline() {
        return online != null;
    }

    /** Verify every chunk inside the snapshot (the default), or not ({@code --no-verify}). */
    public MigrationConfig withMaxRate(long rowsPerSecond) {
        return edit(b -> b.maxRowsPerSecond = rowsPerSecond);
    }

    public MigrationConfig withVerify(boolean verify) {
        return edit(b -> b.verify = verify);
    }

    public MigrationConfig withSource(ConnectionSpec spec) {
        return edit(b -> b.source = spec);
    }

    public MigrationConfig withTarget(ConnectionSpec spec) {
        return edit(b -> b.target = spec);
    }

    /** A copy with some settings changed, validated again. */
    private MigrationConfig edit(java.util.function.Consumer<Edit> change) {
        Edit b = new Edit(this);
        change.accept(b);
        return new MigrationConfig(
                b.source,
                b.target,
                databases,
                threads,
                b.chunkRows,
                b.lockWaitTimeout,
                b.consistency,
                b.longQueryGuard,
                b.killLongQueries,
                b.nonTransactional,
                b.maxRestarts,
                b.stateDir,
                b.cleanTarget,
                b.networkTimeout,
                b.chunkBytes,
                b.adaptiveThreads,
                b.skipTargetBinlog,
                b.targetOptions,
                b.online,
                b.verify,
                b.maxRowsPerSecond);
    }

    /** Definers, invisible keys, engines, collations, accounts and table filters for the target. */
    public MigrationConfig withTargetOptions(TargetOptions options) {
        return edit(b -> b.targetOptions = options);
    }

    /** The settings the {@code with...} methods change. */
    private static final class Edit {
        ConnectionSpec source;
        ConnectionSpec target;
        int chunkRows;
        Duration lockWaitTimeout;
        ConsistencyMode consistency;
        Duration longQueryGuard;
        boolean killLongQueries;
        NonTransactionalPolicy nonTransactional;
        int maxRestarts;
        java.nio.file.Path stateDir;
        boolean cleanTarget;
        Duration networkTimeout;
        long chunkBytes;
        boolean adaptiveThreads;
        boolean skipTargetBinlog;
        TargetOptions targetOptions;
        OnlineOptions online;
        boolean verify;
        long maxRowsPerSecond;

        Edit(MigrationConfig c) {
            source = c.source;
            target = c.target;
            chunkRows = c.chunkRows;
            lockWaitTimeout = c.lockWaitTimeout;
            consistency = c.consistency;
            longQueryGuard = c.longQueryGuard;
            killLongQueries = c.killLongQueries;
            nonTransactional = c.nonTransactional;
            maxRestarts = c.maxRestarts;
            stateDir = c.stateDir;
            cleanTarget = c.cleanTarget;
            networkTimeout = c.networkTimeout;
            chunkBytes = c.chunkBytes;
            adaptiveThreads = c.adaptiveThreads;
            skipTargetBinlog = c.skipTargetBinlog;
            targetOptions = c.targetOptions;
            online = c.online;
            verify = c.verify;
            maxRowsPerSecond = c.maxRowsPerSecond;
        }
    }

    /** Workers plus about 50% spares: the sessions opened before the lock. */
    public int sessionCount() {
        return (threads * 3 + 1) / 2;
    }
}
