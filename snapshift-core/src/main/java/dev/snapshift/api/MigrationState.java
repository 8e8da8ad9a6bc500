package dev.snapshift.api;

import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of a migration's progress. The terminal, the report and (later) the dashboard all read
 * this; nothing else holds migration state.
 *
 * @param binlog null until the coordinates are captured ("Waiting for data movement to start...")
 * @param lock   null until the lock was released
 * @param errorCode null unless the migration failed
 */
public record MigrationState(Phase phase, Status status, String consistency, BinlogCoordinates binlog, LockTiming lock,
                             List<DatabaseState> databases, Instant startedAt, Instant finishedAt, ErrorCode errorCode,
                             String error, List<Restart> restarts, List<SourceChange> sourceChanges, String sourceServer) {

    public MigrationState {
        databases = List.copyOf(databases);
        restarts = List.copyOf(restarts);
        sourceChanges = sourceChanges == null ? List.of() : List.copyOf(sourceChanges);
    }

    /** A state without source changes or source identity (tests, older callers). */
    public MigrationState(Phase phase, Status status, String consistency, BinlogCoordinates binlog, LockTiming lock,
                          List<DatabaseState> databases, Instant startedAt, Instant finishedAt, ErrorCode errorCode,
                          String error, List<Restart> restarts) {
        this(phase, status, consistency, binlog, lock, databases, startedAt, finishedAt, errorCode, error, restarts,
                List.of(), null);
    }

    /** Settings this run changed on the source and has not put back (read_only left ON by a killed run). */
    public List<SourceChange> unrestoredSourceChanges() {
        return sourceChanges.stream().filter(c -> !c.restored()).toList();
    }

    /** A restart from a new snapshot, because every session of the previous one was lost. */
    public record Restart(Instant at, String reason) { }

    /** Errors kept per table. */
    public static final int MAX_ERRORS = 20;

    /** Time the source waited for and held the global read lock. */
    public record LockTiming(long waitMillis, long heldMillis) { }

    public record DatabaseState(String name, Status status, List<TableState> tables) {
        public DatabaseState {
            tables = List.copyOf(tables);
        }
    }

    /**
     * @param rows         rows copied and committed on the target
     * @param estimatedRows the source's estimate, for percentages only
     * @param error        the latest error
     * @param errors       every error met, oldest first (the first {@value dev.snapshift.api.MigrationState#MAX_ERRORS})
     */
    public record TableState(String name, Status status, long rows, long estimatedRows, int chunksDone, int chunksTotal,
                             int retries, String error, List<String> errors) {
        public TableState {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public TableState(String name, Status status, long rows, long estimatedRows, int chunksDone, int chunksTotal,
                          int retries, String error) {
            this(name, status, rows, estimatedRows, chunksDone, chunksTotal, retries, error, error == null ? List.of() : List.of(error));
        }
    }

    public long totalRows() {
        return databases.stream().flatMap(d -> d.tables().stream()).mapToLong(TableState::rows).sum();
    }

    public long tableCount(Status s) {
        return databases.stream().flatMap(d -> d.tables().stream()).filter(t -> t.status() == s).count();
    }
}
