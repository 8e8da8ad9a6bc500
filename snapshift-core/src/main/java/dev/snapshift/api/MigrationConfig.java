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
 */
public record MigrationConfig(ConnectionSpec source, ConnectionSpec target, List<String> databases, int threads,
                              int chunkRows, Duration lockWaitTimeout) {

    public static final int DEFAULT_THREADS = 4;
    public static final int DEFAULT_CHUNK_ROWS = 20_000;
    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(10);

    public MigrationConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        databases = databases == null ? List.of() : List.copyOf(databases);
        lockWaitTimeout = lockWaitTimeout == null ? DEFAULT_LOCK_WAIT_TIMEOUT : lockWaitTimeout;
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
        return new MigrationConfig(source, target, databases, threads, DEFAULT_CHUNK_ROWS, DEFAULT_LOCK_WAIT_TIMEOUT);
    }

    public MigrationConfig withChunkRows(int rows) {
        return new MigrationConfig(source, target, databases, threads, rows, lockWaitTimeout);
    }

    /** Workers plus about 50% spares: the sessions opened before the lock. */
    public int sessionCount() {
        return (threads * 3 + 1) / 2;
    }
}
