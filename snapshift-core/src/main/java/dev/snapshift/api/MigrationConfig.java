package dev.snapshift.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one migration needs, validated once here.
 *
 * @param databases        databases to copy; empty means every non-system database of the source
 * @param threads          copy workers; {@code ceil(1.5 * threads)} snapshot sessions are opened in all
 * @param chunkRows        rows per chunk (one target transaction)
 * @param lockWaitTimeout  bound on every lock wait on the source
 * @param consistency      how the point in time is held
 * @param longQueryGuard   refuse to lock while a query has run longer than this (it would stall every writer)
 * @param killLongQueries  kill such queries instead of refusing
 * @param nonTransactional what to do with tables the snapshot does not cover
 * @param maxRestarts      restarts from a new snapshot when every session of the point in time was lost
 * @param stateDir         where the run state is written durably as it changes; null: nowhere
 * @param cleanTarget      drop, before copying, the target's tables that the selected databases would create
 * @param networkTimeout   a read that waits longer on a server counts as a lost connection (frozen network)
 */
public record MigrationConfig(ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads,
                              int chunkRows, Duration lockWaitTimeout, ConsistencyMode consistency,
                              Duration longQueryGuard, boolean killLongQueries, NonTransactionalPolicy nonTransactional,
                              int maxRestarts, java.nio.file.Path stateDir, boolean cleanTarget, Duration networkTimeout) {

    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_CHUNK_ROWS = 20_000;
    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LONG_QUERY_GUARD = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RESTARTS = 2;
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofMinutes(5);

    public MigrationConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        databases = databases == null ? List.of() : List.copyOf(databases);
        lockWaitTimeout = lockWaitTimeout == null ? DEFAULT_LOCK_WAIT_TIMEOUT : lockWaitTimeout;
        consistency = consistency == null ? ConsistencyMode.SNAPSHOT : consistency;
        longQueryGuard = longQueryGuard == null ? DEFAULT_LONG_QUERY_GUARD : longQueryGuard;
        nonTransactional = nonTransactional == null ? NonTransactionalPolicy.FAIL : nonTransactional;
        networkTimeout = networkTimeout == null ? DEFAULT_NETWORK_TIMEOUT : networkTimeout;
        if (networkTimeout.toSeconds() < 1) {
            throw new SnapshiftException(ErrorCode.USAGE, "--network-timeout must be at least 1s, was " + networkTimeout);
        }
        if (maxRestarts < 0 || maxRestarts > 100) {
            throw new SnapshiftException(ErrorCode.USAGE, "--max-restarts must be between 0 and 100, was " + maxRestarts);
        }
        if (longQueryGuard.isNegative() || longQueryGuard.toSeconds() < 1) {
            throw new SnapshiftException(ErrorCode.USAGE, "--long-query-guard must be at least 1s, was " + longQueryGuard);
        }
        if (threads < 1 || threads > 256) {
            throw new SnapshiftException(ErrorCode.USAGE, "--threads must be between 1 and 256, was " + threads);
        }
        if (chunkRows < 1) {
            throw new SnapshiftException(ErrorCode.USAGE, "chunk size must be at least 1 row, was " + chunkRows);
        }
        if (lockWaitTimeout.isNegative() || lockWaitTimeout.toSeconds() < 1) {
            throw new SnapshiftException(ErrorCode.USAGE, "lock wait timeout must be at least 1s, was " + lockWaitTimeout);
        }
        for (String db : databases) {
            if (db.isBlank()) {
                throw new SnapshiftException(ErrorCode.USAGE, "--databases contains an empty name");
            }
        }
        if (source.host().equalsIgnoreCase(target.host()) && source.port() == target.port()) {
            throw new SnapshiftException(ErrorCode.USAGE, "source and target are the same server (" + source.address() + ")");
        }
    }

    /** Defaults for restarts (2), no state directory, no target cleaning. */
    public MigrationConfig(ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads, int chunkRows,
                           Duration lockWaitTimeout, ConsistencyMode consistency, Duration longQueryGuard,
                           boolean killLongQueries, NonTransactionalPolicy nonTransactional) {
        this(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency, longQueryGuard, killLongQueries,
                nonTransactional, DEFAULT_MAX_RESTARTS, null, false, DEFAULT_NETWORK_TIMEOUT);
    }

    public static MigrationConfig of(ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads) {
        return new MigrationConfig(source, target, databases, threads, DEFAULT_CHUNK_ROWS, DEFAULT_LOCK_WAIT_TIMEOUT,
                ConsistencyMode.SNAPSHOT, DEFAULT_LONG_QUERY_GUARD, false, NonTransactionalPolicy.FAIL, DEFAULT_MAX_RESTARTS, null, false,
                DEFAULT_NETWORK_TIMEOUT);
    }

    public MigrationConfig withChunkRows(int rows) {
        return new MigrationConfig(source, target, databases, threads, rows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional, maxRestarts, stateDir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withConsistency(ConsistencyMode mode) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, mode,
                longQueryGuard, killLongQueries, nonTransactional, maxRestarts, stateDir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withLockWaitTimeout(Duration timeout) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, timeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional, maxRestarts, stateDir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withLongQueryGuard(Duration guard, boolean kill) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                guard, kill, nonTransactional, maxRestarts, stateDir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withNonTransactional(NonTransactionalPolicy policy) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, policy, maxRestarts, stateDir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withMaxRestarts(int restarts) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional, restarts, stateDir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withNetworkTimeout(Duration timeout) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional, maxRestarts, stateDir, cleanTarget, timeout);
    }

    public MigrationConfig withStateDir(java.nio.file.Path dir) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional, maxRestarts, dir, cleanTarget, networkTimeout);
    }

    public MigrationConfig withCleanTarget(boolean clean) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional, maxRestarts, stateDir, clean, networkTimeout);
    }

    /** Workers plus about 50% spares: the sessions opened before the lock. */
    public int sessionCount() {
        return (threads * 3 + 1) / 2;
    }
}
