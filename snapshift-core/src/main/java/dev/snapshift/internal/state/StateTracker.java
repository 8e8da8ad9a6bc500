package dev.snapshift.internal.state;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.CatchUpState;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.LockTiming;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import dev.snapshift.api.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one holder of migration state. Every step reports here; readers get an immutable {@link
 * MigrationState}. Thread-safe: workers report concurrently.
 */
public final class StateTracker {
    private static final class Table {
        final String name;
        Status status = Status.QUEUED;
        long rows;

        /**
         * What the report should say besides errors: warnings accepted because they change no
         * stored value.
         */
        final List<String> notes = new ArrayList<>();

        /**
         * Rows streamed into target transactions not committed yet (progress moves before a big
         * chunk commits).
         */
        long inFlight;

        long estimatedRows;
        int chunksDone;
        int chunksTotal;
        int retries;
        String error;
        final List<String> errors = new ArrayList<>();
        int chunksVerified;

        /** Null unless a chunk differed after its second copy: the first differing keys. */
        List<String> differingKeys;

        void error(String e) {
            error = e;
            if (errors.size() < MigrationState.MAX_ERRORS) {
                errors.add(e);
            }
        }

        Table(String name, long estimatedRows) {
            this.name = name;
            this.estimatedRows = estimatedRows;
        }

        TableState freeze(boolean verify) {
            Verdict verdict =
                    !verify
                            ? Verdict.OFF
                            : differingKeys != null
                                    ? Verdict.MISMATCH
                                    : status == Status.COMPLETED && chunksVerified >= chunksTotal
                                            ? Verdict.VERIFIED
                                            : Verdict.UNVERIFIED;
            return new TableState(
                    name,
                    status,
                    rows,
                    estimatedRows,
                    chunksDone,
                    chunksTotal,
                    retries,
                    error,
                    errors,
                    Math.max(0, inFlight),
                    notes,
                    verdict,
                    chunksVerified,
                    differingKeys);
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, Table>> databases = new LinkedHashMap<>();
    private final List<MigrationState.Restart> restarts = new ArrayList<>();

    /** Schema objects by kind, database and name, in the order they were read. */
    private final Map<String, ObjectState> objects = new LinkedHashMap<>();

    private Phase phase = Phase.STARTING;
    private Status status = Status.IN_PROGRESS;
    private ConsistencyMode consistency = ConsistencyMode.SNAPSHOT;
    private BinlogCoordinates binlog;
    private LockTiming lock;
    private final Instant startedAt;
    private Instant finishedAt;
    private ErrorCode errorCode;
    private String error;
    private final List<dev.snapshift.api.SourceChange> sourceChanges = new ArrayList<>();
    private String sourceServer;
    private final List<dev.snapshift.api.Transformation> transformations = new ArrayList<>();
    private CatchUpState catchUp;
    private CutoverState cutover;
    private boolean verify;

    /**
     * Counts the changes a progress display shows at once (phase, coordinates, lock, a table's
     * status, the end); not the rows, which it shows every few seconds.
     */
    private long changes;

    private void changed() {
        changes++;
        notifyAll();
    }

    /**
     * Waits until a change after {@code seen} (a value this returned before; 0 at first) or for
     * {@code maxMillis}; returns the changes counted so far.
     */
    public synchronized long awaitChange(long seen, long maxMillis) throws InterruptedException {
        long end =
                System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (changes == seen) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return changes;
    }

    public StateTracker(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    private StateTracker(Clock clock, Instant startedAt) {
        this.clock = clock;
        this.startedAt = startedAt;
    }

    /**
     * A tracker that goes on from a recorded state (an online run started again with its run id):
     * everything recorded is kept, the run is in progress again.
     */
    public static StateTracker resumed(Clock clock, MigrationState previous) {
        StateTracker t =
                new StateTracker(
                        clock,
                        previous.startedAt() == null ? clock.instant() : previous.startedAt());
        t.phase = previous.phase() == Phase.DONE ? Phase.CATCHUP : previous.phase();
        t.consistency = previous.mode();
        t.binlog = previous.binlog();
        t.lock = previous.lock();
        for (DatabaseState d : previous.databases()) {
            Map<String, Table> tables = new LinkedHashMap<>();
            for (TableState ts : d.tables()) {
                Table x = new Table(ts.name(), ts.estimatedRows());
                x.status = ts.status();
                x.rows = ts.rows();
                x.chunksDone = ts.chunksDone();
                x.chunksTotal = ts.chunksTotal();
                x.retries = ts.retries();
                x.error = ts.error();
                x.errors.addAll(ts.errors());
                x.notes.addAll(ts.notes());
                tables.put(ts.name(), x);
            }
            t.databases.put(d.name(), tables);
        }
        t.restarts.addAll(previous.restarts());
        previous.objects().forEach(t::object);
        t.sourceChanges.addAll(previous.sourceChanges());
        t.sourceServer = previous.sourceServer();
        t.catchUp = previous.catchUp();
        t.cutover = previous.cutover();
        return t;
    }

    /** The online catch-up's progress, replacing the previous one. */
    public synchronized void catchUp(CatchUpState state) {
        catchUp = state;
    }

    public synchronized CatchUpState catchUp() {
        return catchUp;
    }

    /** The cutover's progress, replacing the previous one. */
    public synchronized void cutover(CutoverState state) {
        cutover = state;
    }

    public synchronized CutoverState cutover() {
        return cutover;
    }

    public synchronized void phase(Phase p) {
        phase = p;
        changed();
    }

    public synchronized void consistency(ConsistencyMode c) {
        consistency = c;
    }

    /** Every chunk of this run is verified inside the snapshot. */
    public synchronized void verifying(boolean on) {
        verify = on;
    }

    /** Every page of one more chunk of the table had equal digests on both sides. */
    public synchronized void chunkVerified(String database, String table) {
        table(database, table).chunksVerified++;
    }

    /**
     * A chunk of the table still differed after its second copy: the first differing keys (the
     * table is failed next, by the copy).
     */
    public synchronized void verificationMismatch(
            String database, String table, List<String> keys) {
        Table t = table(database, table);
        if (t.differingKeys == null) {
            t.differingKeys = new ArrayList<>();
        }
        for (String k : keys) {
            if (t.differingKeys.size() < MigrationState.MAX_ERRORS) {
                t.differingKeys.add(k);
            }
        }
    }

    public synchronized void binlog(BinlogCoordinates c) {
        binlog = c;
        changed();
    }

    /**
     * The source's identity (see ServerIdentity): a later --restore-source must reach the same
     * server.
     */
    public synchronized void sourceServer(String identity) {
        sourceServer = identity;
    }

    /**
     * What snapshift changes for the target (names folded, engines, invisible keys...), as done or
     * planned.
     */
    public synchronized void transformed(dev.snapshift.api.Transformation t) {
        if (!transformations.contains(t)) {
            transformations.add(t);
        }
    }

    /** Settings about to be changed on the source; recorded before the change. */
    public synchronized void sourceChanging(List<dev.snapshift.api.SourceChange> changes) {
        sourceChanges.addAll(changes);
    }

    /** Every recorded source change whose setting is in {@code settings} was put back. */
    public synchronized void sourceRestored(java.util.Collection<String> settings) {
        sourceChanges.replaceAll(c -> settings.contains(c.setting()) ? c.asRestored() : c);
    }

    public synchronized void lock(LockTiming t) {
        lock = t;
        changed();
    }

    public synchronized void database(String name) {
        databases.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    /**
     * Registers the tables to copy, replacing an earlier, preliminary list for that database:
     * tables known already keep their progress, new ones are queued, vanished ones are dropped.
     */
    public synchronized void tables(String database, List<String> names, List<Long> estimates) {
        Map<String, Table> old = databases.getOrDefault(database, Map.of());
        Map<String, Table> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Table t = old.get(names.get(i));
            if (t == null) {
                t = new Table(names.get(i), estimates.get(i));
            }
            m.put(names.get(i), t);
        }
        databases.put(database, m);
        changed();
    }

    /**
     * The schema objects read in the snapshot (all QUEUED), replacing those of an earlier attempt.
     */
    public synchronized void objects(List<ObjectState> read) {
        objects.clear();
        read.forEach(this::object);
    }

    /** What became of one schema object (created, failed), replacing its earlier state. */
    public synchronized void object(ObjectState state) {
        objects.put(state.kind() + "\u0000" + state.database() + "\u0000" + state.name(), state);
    }

    /** Index in {@link #restarts} of the resume in progress, or -1. */
    private int resumeIndex = -1;

    /** Rows committed since the resume in progress began. */
    private long rowsSinceResume;

    /**
     * The point in time was lost and the run resumes at a new one: {@code kept} chunks (per table:
     * chunks and rows) stay, the rest is planned anew. Tables keep their kept chunks and rows;
     * objects and coordinates are read again.
     */
    public synchronized void resumedAt(
            String reason, BinlogCoordinates from, Map<String, long[]> keptPerTable) {
        long chunks = 0;
        long rows = 0;
        for (long[] v : keptPerTable.values()) {
            chunks += v[0];
            rows += v[1];
        }
        restarts.add(
                new MigrationState.Restart(
                        clock.instant(),
                        reason,
                        new MigrationState.Resume(from, null, chunks, rows, 0, 0, 0, 0)));
        resumeIndex = restarts.size() - 1;
        rowsSinceResume = 0;
        objects.clear();
        binlog = null;
        lock = null;
        databases.forEach(
                (db, tables) ->
                        tables.replaceAll(
                                (name, t) -> {
                                    Table fresh = new Table(name, t.estimatedRows);
                                    long[] k = keptPerTable.get(db + "." + name);
                                    if (k != null) {
                                        fresh.chunksDone = (int) k[0];
                                        fresh.rows = k[1];
                                    }
                                    return fresh;
                                }));
    }

    /** The kept chunks were brought forward to {@code to}: what the binary log replay applied. */
    public synchronized void resumeReplayed(
            BinlogCoordinates to, long transactions, long events, long rows) {
        if (resumeIndex < 0) {
            return;
        }
        MigrationState.Restart r = restarts.get(resumeIndex);
        MigrationState.Resume x = r.resume();
        restarts.set(
                resumeIndex,
                new MigrationState.Restart(
                        r.at(),
                        r.reason(),
                        new MigrationState.Resume(
                                x.from(),
                                to,
                                x.keptChunks(),
                                x.keptRows(),
                                x.copiedRows(),
                                transactions,
                                events,
                                rows)));
    }

    /**
     * A table's chunks after a resume: {@code total} planned, of which the kept ones are done; a
     * table with nothing left to copy is complete.
     */
    public synchronized void plannedAfterResume(String database, String table, int total) {
        Table t = table(database, table);
        t.chunksTotal = total;
        if (t.chunksDone >= t.chunksTotal && t.status != Status.FAILED) {
            t.status = Status.COMPLETED;
        }
    }

    /** The point in time was lost: everything starts again from a new snapshot. */
    public synchronized void restarted(String reason) {
        restarts.add(new MigrationState.Restart(clock.instant(), reason));
        resumeIndex = -1;
        objects.clear();
        binlog = null;
        lock = null;
        databases.replaceAll(
                (db, tables) -> {
                    Map<String, Table> fresh = new LinkedHashMap<>();
                    tables.forEach((name, t) -> fresh.put(name, new Table(name, t.estimatedRows)));
                    return fresh;
                });
        changed();
    }

    public synchronized void skipped(String database, String table, String reason) {
        Table t = table(database, table);
        t.status = Status.SKIPPED;
        t.error(reason);
        changed();
    }

    public synchronized Status status(String database, String table) {
        return table(database, table).status;
    }

    public synchronized void planned(String database, String table, int chunks) {
        table(database, table).chunksTotal = chunks;
    }

    public synchronized void started(String database, String table) {
        Table t = table(database, table);
        if (t.status == Status.QUEUED) {
            t.status = Status.IN_PROGRESS;
            changed();
        }
    }

    public synchronized void committed(
            String database, String table, long rows, boolean chunkDone) {
        Table t = table(database, table);
        t.rows += rows;
        rowsSinceResume += rows;
        if (chunkDone) {
            t.chunksDone++;
        }
        Status before = t.status;
        if (t.status == Status.RETRYING) {
            t.status = Status.IN_PROGRESS;
        }
        if (t.chunksDone >= t.chunksTotal && t.status != Status.FAILED) {
            t.status = Status.COMPLETED;
        }
        if (t.status != before) {
            changed();
        }
    }

    /**
     * {@code rows} more rows streamed into an open target transaction ({@code rows} negative: a
     * transaction rolled back, or committed and counted by {@link #committed}).
     */
    public synchronized void streaming(String database, String table, long rows) {
        table(database, table).inFlight += rows;
    }

    /**
     * A note on a table for the report (the first {@value MigrationState#MAX_ERRORS} are kept, then
     * a count).
     */
    public synchronized void noted(String database, String table, String note) {
        List<String> notes = table(database, table).notes;
        if (notes.size() < MigrationState.MAX_ERRORS && !notes.contains(note)) {
            notes.add(note);
        }
    }

    public synchronized void retrying(String database, String table, String error) {
        Table t = table(database, table);
        t.retries++;
        t.error(error);
        if (t.status != Status.FAILED) {
            t.status = Status.RETRYING;
        }
        changed();
    }

    public synchronized void failed(String database, String table, String error) {
        Table t = table(database, table);
        t.status = Status.FAILED;
        t.error(error);
        changed();
    }

    public synchronized boolean isFailed(String database, String table) {
        return table(database, table).status == Status.FAILED;
    }

    public synchronized void finish(ErrorCode code, String message) {
        finishedAt = clock.instant();
        phase = Phase.DONE;
        errorCode = code;
        error = message;
        boolean anyFailed =
                databases.values().stream()
                        .flatMap(m -> m.values().stream())
                        .anyMatch(t -> t.status != Status.COMPLETED && t.status != Status.SKIPPED);
        status = code == null && !anyFailed ? Status.COMPLETED : Status.FAILED;
        if (code != null) {
            // tables that never finished did not get copied from the snapshot
            databases
                    .values()
                    .forEach(
                            m ->
                                    m.values()
                                            .forEach(
                                                    t -> {
                                                        if (!t.status.isFinal()) {
                                                            t.status = Status.FAILED;
                                                            if (t.error == null) {
                                                                t.error("not copied: " + message);
                                                            }
                                                        }
                                                    }));
        }
        changed();
    }

    private Table table(String database, String table) {
        Map<String, Table> m = databases.get(database);
        Table t = m == null ? null : m.get(table);
        if (t == null) {
            throw new IllegalArgumentException("unknown table " + database + "." + table);
        }
        return t;
    }

    private List<MigrationState.Restart> restartsNow() {
        if (resumeIndex < 0) {
            return restarts;
        }
        List<MigrationState.Restart> out = new ArrayList<>(restarts);
        MigrationState.Restart r = out.get(resumeIndex);
        out.set(
                resumeIndex,
                new MigrationState.Restart(
                        r.at(), r.reason(), r.resume().withCopiedRows(rowsSinceResume)));
        return out;
    }

    public synchronized MigrationState snapshot() {
        List<DatabaseState> dbs = new ArrayList<>();
        databases.forEach(
                (name, tables) -> {
                    List<TableState> ts =
                            tables.values().stream().map(t -> t.freeze(verify)).toList();
                    dbs.add(new DatabaseState(name, aggregate(ts), ts));
                });
        return new MigrationState(
                phase,
                status,
                consistency.name(),
                binlog,
                lock,
                dbs,
                startedAt,
                finishedAt,
                errorCode,
                error,
                restartsNow(),
                List.copyOf(objects.values()),
                sourceChanges,
                sourceServer,
                transformations,
                catchUp,
                cutover,
                verify);
    }

    /**
     * A database is failed if any table failed, retrying if any retries, completed when all
     * completed.
     */
    static Status aggregate(List<TableState> tables) {
        if (tables.isEmpty()) {
            return Status.COMPLETED;
        }
        if (tables.stream().anyMatch(t -> t.status() == Status.FAILED)) {
            return Status.FAILED;
        }
        if (tables.stream().anyMatch(t -> t.status() == Status.RETRYING)) {
            return Status.RETRYING;
        }
        if (tables.stream()
                .allMatch(t -> t.status() == Status.COMPLETED || t.status() == Status.SKIPPED)) {
            return Status.COMPLETED;
        }
        if (tables.stream().allMatch(t -> t.status() == Status.QUEUED)) {
            return Status.QUEUED;
        }
        return Status.IN_PROGRESS;
    }
}
