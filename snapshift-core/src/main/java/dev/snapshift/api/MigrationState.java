package dev.snapshift.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An immutable snapshot of a migration's progress. The terminal, the report and (later) the
 * dashboard all read this; nothing else holds migration state.
 *
 * @param binlog null until the coordinates are captured ("Waiting for data movement to start...")
 * @param lock null until the lock was released
 * @param errorCode null unless the migration failed
 * @param objects views, routines, triggers and events of the selected databases, as read in the
 *     snapshot (empty until the schema phase read them), each with what became of it on the target
 * @param catchUp the online catch-up from the binary log (null for an offline run, or until it
 *     starts)
 * @param cutover the cutover of an online run (null until asked for)
 */
public record MigrationState(
        Phase phase,
        Status status,
        String consistency,
        BinlogCoordinates binlog,
        LockTiming lock,
        List<DatabaseState> databases,
        Instant startedAt,
        Instant finishedAt,
        ErrorCode errorCode,
        String error,
        List<Restart> restarts,
        List<ObjectState> objects,
        List<SourceChange> sourceChanges,
        String sourceServer,
        List<Transformation> transformations,
        CatchUpState catchUp,
        CutoverState cutover,
        boolean verify) {

    public MigrationState {
        transformations = transformations == null ? List.of() : List.copyOf(transformations);
        databases = List.copyOf(databases);
        restarts = List.copyOf(restarts);
        objects = objects == null ? List.of() : List.copyOf(objects);
        sourceChanges = sourceChanges == null ? List.of() : List.copyOf(sourceChanges);
    }

    /** A state without schema objects, source changes or source identity (tests, older callers). */
    public MigrationState(
            Phase phase,
            Status status,
            String consistency,
            BinlogCoordinates binlog,
            LockTiming lock,
            List<DatabaseState> databases,
            Instant startedAt,
            Instant finishedAt,
            ErrorCode errorCode,
            String error,
            List<Restart> restarts) {
        this(
                phase,
                status,
                consistency,
                binlog,
                lock,
                databases,
                startedAt,
                finishedAt,
                errorCode,
                error,
                restarts,
                List.of(),
                List.of(),
                null,
                List.of(),
                null,
                null,
                false);
    }

    /**
     * The run's verdict: {@link Verdict#OFF} when it did not verify, {@link Verdict#MISMATCH} when
     * any table differed after its second copy, {@link Verdict#VERIFIED} when every table (skipped
     * ones aside) was verified chunk by chunk, {@link Verdict#UNVERIFIED} otherwise (a run that
     * failed before it knew any table compared nothing: unverified, not vacuously verified).
     */
    public Verdict verdict() {
        if (!verify) {
            return Verdict.OFF;
        }
        if (endedBeforeAnyTable()) {
            return Verdict.UNVERIFIED;
        }
        List<TableState> all = databases.stream().flatMap(d -> d.tables().stream()).toList();
        if (all.stream().anyMatch(t -> t.verified() == Verdict.MISMATCH)) {
            return Verdict.MISMATCH;
        }
        return all.stream()
                        .filter(t -> t.status() != Status.SKIPPED)
                        .allMatch(t -> t.verified() == Verdict.VERIFIED)
                ? Verdict.VERIFIED
                : Verdict.UNVERIFIED;
    }

    /** A run that failed before it knew any table: it copied, and compared, nothing. */
    public boolean endedBeforeAnyTable() {
        return error != null && databases.stream().allMatch(d -> d.tables().isEmpty());
    }

    /** Chunks verified inside the snapshot, over every table. */
    public long chunksVerified() {
        return databases.stream()
                .flatMap(d -> d.tables().stream())
                .mapToLong(TableState::chunksVerified)
                .sum();
    }

    /** Whether this is an online run (it has a catch-up from the binary log). */
    public boolean online() {
        return catchUp != null;
    }

    /** The consistency mode that ran (or was asked for, before the snapshot), as the enum. */
    public ConsistencyMode mode() {
        return ConsistencyMode.fromName(consistency);
    }

    /**
     * Settings this run changed on the source and has not put back (read_only left ON by a killed
     * run).
     */
    public List<SourceChange> unrestoredSourceChanges() {
        return sourceChanges.stream().filter(c -> !c.restored()).toList();
    }

    /**
     * A new point in time, because every session of the previous one was lost (or the run was
     * killed and resumed with {@code --resume}).
     *
     * @param resume what a resume kept and brought forward; null when the run restarted from zero
     */
    public record Restart(Instant at, String reason, Resume resume) {
        public Restart(Instant at, String reason) {
            this(at, reason, null);
        }
    }

    /**
     * A resume at a new point in time: the chunks committed under the earlier one were kept, the
     * binary log between the two points was applied to their key ranges, and only the rest was
     * copied again.
     *
     * @param from the point in time the kept chunks were copied at
     * @param to the new point in time the run continues at
     * @param keptChunks chunks kept (brought forward from {@code from} to {@code to})
     * @param keptRows rows those chunks held when they were copied
     * @param copiedRows rows copied since the resume (the chunks that were missing)
     * @param replayedTransactions source transactions read between the two points
     * @param replayedEvents row events applied to the kept key ranges
     * @param replayedRows row images applied to the kept key ranges
     */
    public record Resume(
            BinlogCoordinates from,
            BinlogCoordinates to,
            long keptChunks,
            long keptRows,
            long copiedRows,
            long replayedTransactions,
            long replayedEvents,
            long replayedRows) {
        public Resume withCopiedRows(long rows) {
            return new Resume(
                    from,
                    to,
                    keptChunks,
                    keptRows,
                    rows,
                    replayedTransactions,
                    replayedEvents,
                    replayedRows);
        }
    }

    /**
     * What the terminal, status and the dashboard show for the binlog position until it is
     * captured.
     */
    public static final String WAITING_FOR_DATA_MOVEMENT = "Waiting for data movement to start...";

    /** Errors kept per table. */
    public static final int MAX_ERRORS = 20;

    /** Time the source waited for and held the global read lock. */
    public record LockTiming(long waitMillis, long heldMillis) {}

    public record DatabaseState(String name, Status status, List<TableState> tables) {
        public DatabaseState {
            tables = List.copyOf(tables);
        }
    }

    /**
     * @param rows rows copied and committed on the target
     * @param estimatedRows the source's estimate, for percentages only
     * @param error the latest error
     * @param errors every error met, oldest first (the first {@value
     *     dev.snapshift.api.MigrationState#MAX_ERRORS})
     * @param verified whether every chunk was verified inside the snapshot ({@link Verdict})
     * @param chunksVerified chunks whose row count and row digest were equal on both sides
     * @param differingKeys on a mismatch, the first keys that differ (rendered, e.g. {@code id=42})
     *     and, last, how many more there were
     */
    public record TableState(
            String name,
            Status status,
            long rows,
            long estimatedRows,
            int chunksDone,
            int chunksTotal,
            int retries,
            String error,
            List<String> errors,
            long rowsInFlight,
            List<String> notes,
            Verdict verified,
            int chunksVerified,
            List<String> differingKeys) {
        public TableState {
            errors = errors == null ? List.of() : List.copyOf(errors);
            notes = notes == null ? List.of() : List.copyOf(notes);
            verified = verified == null ? Verdict.UNVERIFIED : verified;
            differingKeys = differingKeys == null ? List.of() : List.copyOf(differingKeys);
        }

        /** A table state without verification (older callers, older state files). */
        public TableState(
                String name,
                Status status,
                long rows,
                long estimatedRows,
                int chunksDone,
                int chunksTotal,
                int retries,
                String error,
                List<String> errors,
                long rowsInFlight,
                List<String> notes) {
            this(
                    name,
                    status,
                    rows,
                    estimatedRows,
                    chunksDone,
                    chunksTotal,
                    retries,
                    error,
                    errors,
                    rowsInFlight,
                    notes,
                    Verdict.UNVERIFIED,
                    0,
                    List.of());
        }

        public TableState(
                String name,
                Status status,
                long rows,
                long estimatedRows,
                int chunksDone,
                int chunksTotal,
                int retries,
                String error,
                List<String> errors) {
            this(
                    name,
                    status,
                    rows,
                    estimatedRows,
                    chunksDone,
                    chunksTotal,
                    retries,
                    error,
                    errors,
                    0,
                    List.of());
        }

        /**
         * Rows committed plus rows streaming into a target transaction not committed yet: what
         * progress shows.
         */
        public long rowsCopying() {
            return rows + rowsInFlight;
        }

        public TableState(
                String name,
                Status status,
                long rows,
                long estimatedRows,
                int chunksDone,
                int chunksTotal,
                int retries,
                String error) {
            this(
                    name,
                    status,
                    rows,
                    estimatedRows,
                    chunksDone,
                    chunksTotal,
                    retries,
                    error,
                    error == null ? List.of() : List.of(error));
        }
    }

    /**
     * One view, routine, trigger or event and what became of it on the target: QUEUED until the
     * finish phase creates it, then COMPLETED or FAILED (with {@code error}).
     *
     * @param kind VIEW, FUNCTION, PROCEDURE, TRIGGER, EVENT (MariaDB also PACKAGE, PACKAGE BODY)
     * @param sqlMode the object's sql_mode on the source (views keep none: empty)
     * @param targetSqlMode the sql_mode it was created with: differs from {@code sqlMode} when the
     *     target does not know some of its modes (5.7's NO_AUTO_CREATE_USER on 8.0, MariaDB-only
     *     modes on MySQL)
     * @param definer its DEFINER on the source
     * @param targetDefiner the definer it got on the target: the target user when it may not create
     *     objects for another account (null until created)
     * @param notes what else was changed or is worth knowing (created DISABLED, database collation
     *     switched for its creation, definer account missing on the target, ...)
     */
    public record ObjectState(
            String database,
            String kind,
            String name,
            Status status,
            String sqlMode,
            String targetSqlMode,
            String definer,
            String targetDefiner,
            List<String> notes,
            String error) {
        public ObjectState {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        /** The sql_mode was changed to one the target accepts. */
        public boolean sqlModeTranslated() {
            return targetSqlMode != null && !targetSqlMode.equals(sqlMode);
        }

        /** Created with another definer than the source's. */
        public boolean definerChanged() {
            return targetDefiner != null && !targetDefiner.equals(definer);
        }

        /** E.g. {@code view shop.v_orders}. */
        public String label() {
            return kind.toLowerCase(Locale.ROOT)
                    + " "
                    + (database == null || database.isEmpty() ? "" : database + ".")
                    + name;
        }
    }

    /**
     * Rows committed plus rows streaming into open target transactions: what progress and ETA
     * follow.
     */
    public long rowsCopying() {
        return databases.stream()
                .flatMap(d -> d.tables().stream())
                .mapToLong(TableState::rowsCopying)
                .sum();
    }

    public long totalRows() {
        return databases.stream()
                .flatMap(d -> d.tables().stream())
                .mapToLong(TableState::rows)
                .sum();
    }

    public long tableCount(Status s) {
        return databases.stream()
                .flatMap(d -> d.tables().stream())
                .filter(t -> t.status() == s)
                .count();
    }
}
