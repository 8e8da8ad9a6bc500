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
 */
public record MigrationConfig(ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads,
                              int chunkRows, Duration lockWaitTimeout, ConsistencyMode consistency,
                              Duration longQueryGuard, boolean killLongQueries, NonTransactionalPolicy nonTransactional) {

    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_CHUNK_ROWS = 20_000;
    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LONG_QUERY_GUARD = Duration.ofSeconds(60);

    public MigrationConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        databases = databases == null ? List.of() : List.copyOf(databases);
        lockWaitTimeout = lockWaitTimeout == null ? DEFAULT_LOCK_WAIT_TIMEOUT : lockWaitTimeout;
        consistency = consistency == null ? ConsistencyMode.SNAPSHOT : consistency;
        longQueryGuard = longQueryGuard == null ? DEFAULT_LONG_QUERY_GUARD : longQueryGuard;
        nonTransactional = nonTransactional == null ? NonTransactionalPolicy.FAIL : nonTransactional;
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

    public static MigrationConfig of(ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads) {
        return new MigrationConfig(source, target, databases, threads, DEFAULT_CHUNK_ROWS, DEFAULT_LOCK_WAIT_TIMEOUT,
                ConsistencyMode.SNAPSHOT, DEFAULT_LONG_QUERY_GUARD, false, NonTransactionalPolicy.FAIL);
    }

    public MigrationConfig withChunkRows(int rows) {
        return new MigrationConfig(source, target, databases, threads, rows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional);
    }

    public MigrationConfig withConsistency(ConsistencyMode mode) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, mode,
                longQueryGuard, killLongQueries, nonTransactional);
    }

    public MigrationConfig withLockWaitTimeout(Duration timeout) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, timeout, consistency,
                longQueryGuard, killLongQueries, nonTransactional);
    }

    public MigrationConfig withLongQueryGuard(Duration guard, boolean kill) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                guard, kill, nonTransactional);
    }

    public MigrationConfig withNonTransactional(NonTransactionalPolicy policy) {
        return new MigrationConfig(source, target, databases, threads, chunkRows, lockWaitTimeout, consistency,
                longQueryGuard, killLongQueries, policy);
    }

    /** Workers plus about 50% spares: the sessions opened before the lock. */
    public int sessionCount() {
        return (threads * 3 + 1) / 2;
    }
}
