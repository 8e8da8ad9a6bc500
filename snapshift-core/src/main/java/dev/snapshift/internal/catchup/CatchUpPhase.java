package dev.snapshift.internal.catchup;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.CatchUpState;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.OnDdl;
import dev.snapshift.api.Phase;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.snapshot.BinlogReader;
import dev.snapshift.internal.snapshot.ReadOnlySwitch;
import dev.snapshift.internal.snapshot.SourceChangeLog;
import dev.snapshift.internal.state.CutoverRequests;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online catch-up ({@code migrate --online}): reads the source's binary log from the snapshot's
 * coordinates ({@link BinlogStream}) and applies the row changes of the migrated tables to the
 * target ({@link Applier}), in source commit order, one target transaction per group of source
 * transactions, each with the applied position ({@link PositionTable}) — until a cutover is asked
 * for, which it then carries out ({@link #cutover}).
 *
 * <p>Single-threaded apply, with groups: the transactions waiting are applied together in one
 * target transaction, their statements sent several per round trip, so the apply keeps pace with a
 * source writing on many threads while keeping commit order without proving any two transactions
 * independent.
 *
 * <p>Failures: a lost binary log connection is resumed by the stream itself; a target failure (lost
 * connection, deadlock, lock wait timeout, a target restart) starts the apply again from the
 * position the target holds — the group in flight was rolled back, or it committed with its
 * position, so nothing is applied twice or skipped. A schema change follows {@code --on-ddl}.
 * Anything else stops the catch-up with the position it reached.
 */
public final class CatchUpPhase {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpPhase.class);

    /** At most this many source transactions in one target transaction. */
    static final int GROUP_TRANSACTIONS = 500;

    /** At most this many rows in one target transaction. */
    static final int GROUP_ROWS = 5_000;

    /** Statements sent in one round trip, in bytes at most. */
    static final int BATCH_BYTES = 1 << 20;

    /** Writes only the position of transactions that touched no migrated table this often. */
    static final Duration EMPTY_SAVE = Duration.ofSeconds(1);

    /** After the final position, how long to watch for writes that should have stopped. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    /**
     * What the catch-up needs besides its connections.
     *
     * @param runId names this run's position row on the target
     * @param networkTimeout the binary log reader gives up after this long without a connection
     * @param lockWaitTimeout the bounded wait of the global read lock of {@code cutover
     *     --read-only}
     */
    public record Settings(
            String runId,
            OnDdl onDdl,
            boolean skipTargetBinlog,
            Duration networkTimeout,
            Duration lockWaitTimeout,
            TargetOptions targetOptions) {}

    private final Settings settings;
    private final StateTracker tracker;
    private final Clock clock;
    private final MigrationHooks hooks;
    private final CutoverRequests requests;
    private final SourceChangeLog changeLog;
    private final PositionTable position;
    private final ApplyStats stats = new ApplyStats();

    /** Groups committed by this process (the apply thread only): progress between failures. */
    private long groupsCommitted;

    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<CatchUpState.DdlEvent> ddl = new CopyOnWriteArrayList<>();
    private final Set<String> skippedTables = new LinkedHashSet<>();

    private TableRegistry registry;
    private Applier applier;
    private SourceMonitor monitor;
    private BinlogCoordinates start;
    private int reconnectsBefore;

    /** The end of the last transaction applied and committed (with its position) on the target. */
    private BinlogPosition durable;

    /** The end of the last transaction taken: applied, or touching nothing migrated. */
    private BinlogPosition processed;

    private SourceTransaction lastProcessed;
    private volatile BinlogStream current;
    private long appliedEventTime;
    private long lastSave;
    private long lastPublish;
    private Instant caughtUpAt;
    private boolean warnedRetention;

    /** Set while a cutover runs. */
    private Cutover cutover;

    public CatchUpPhase(
            Settings settings,
            StateTracker tracker,
            Clock clock,
            MigrationHooks hooks,
            CutoverRequests requests,
            SourceChangeLog changeLog) {
        this.settings = settings;
        this.tracker = tracker;
        this.clock = clock;
        this.hooks = hooks == null ? MigrationHooks.NONE : hooks;
        this.requests = requests;
        this.changeLog = changeLog;
        this.position = new PositionTable(settings.runId());
    }

    /**
     * Catches up from {@code from} (or from the position the target holds for this run, when it
     * holds one) until a cutover completes. Returns normally only then.
     *
     * @param tables the migrated tables, as the snapshot read them (or the target, on a resumed
     *     run)
     * @throws SnapshiftException CATCHUP when it stops (a schema change with --on-ddl stop, a log
     *     it cannot read, a target refusing a change)
     */
    public void run(
            Connections source, Connections target, List<TableInfo> tables, BinlogCoordinates from)
            throws InterruptedException {
        if (from == null) {
            throw new SnapshiftException(
                    ErrorCode.CATCHUP,
                    "--online needs the snapshot's binary log coordinates, and there are none"
                            + " (log_bin=OFF on the source, or no REPLICATION CLIENT to read them)");
        }
        this.start = from;
        this.registry = new TableRegistry(tables);
        restoreCounters(tracker.catchUp());
        this.applier =
                new Applier(
                        target,
                        registry,
                        position,
                        settings.skipTargetBinlog(),
                        BATCH_BYTES,
                        hooks);
        this.monitor = new SourceMonitor(source, clock).start();
        try {
            initPosition(from);
            LOG.info(
                    "catching up from {} ({} table(s){})",
                    durable,
                    tables.size(),
                    registry.fullRowMatchTables().isEmpty()
                            ? ""
                            : "; without a key, matched by every column: "
                                    + registry.fullRowMatchTables());
            loop(source, target);
        } finally {
            monitor.close();
            applier.close();
        }
    }

    private void restoreCounters(CatchUpState previous) {
        if (previous == null) {
            return;
        }
        stats.restore(
                previous.transactions(),
                previous.events(),
                previous.rows(),
                previous.insertsReplaced(),
                previous.updatesMissing(),
                previous.deletesMissing(),
                previous.targetRetries());
        reconnectsBefore = previous.binlogReconnects();
        ddl.addAll(previous.ddl().stream().filter(d -> !"STOPPED".equals(d.action())).toList());
        notes.addAll(previous.notes());
        caughtUpAt = previous.caughtUpAt();
        if (previous.start() != null) {
            start = previous.start();
        }
    }

    /** The run's position row on the target: created at {@code from}, or kept as it is. */
    private void initPosition(BinlogCoordinates from) throws InterruptedException {
        targetRetrying(
                "preparing the catch-up's position table on the target",
                () -> {
                    Connection c = applier.connection();
                    position.init(c, BinlogPosition.of(from));
                    PositionTable.Stored s = applier.stored().orElseThrow();
                    durable = s.position();
                    processed = durable;
                    appliedEventTime = s.eventTimeMillis();
                    return null;
                });
    }

    /** Target work that a lost connection or a deadlock only delays. */
    @FunctionalInterface
    private interface TargetWork<T> {
        T run() throws SQLException;
    }

    private <T> T targetRetrying(String what, TargetWork<T> work) throws InterruptedException {
        long since = clock.millis();
        long pause = 500;
        while (true) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!retryable(e)
                        || clock.millis() - since > settings.networkTimeout().toMillis()) {
                    throw new SnapshiftException(
                            ErrorCode.CATCHUP, what + " failed: " + MySqlErrors.describe(e), e);
                }
                LOG.warn("{}: {}; trying again in {} ms", what, MySqlErrors.describe(e), pause);
            } catch (SnapshiftException e) {
                if (e.code() != ErrorCode.CONNECTION
                        || clock.millis() - since > settings.networkTimeout().toMillis()) {
                    throw e;
                }
                LOG.warn("{}: {}; trying again in {} ms", what, e.getMessage(), pause);
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 5_000);
        }
    }

    private boolean retryable(SQLException e) {
        return applier.lost(e) || MySqlErrors.classify(e) == MySqlErrors.Kind.TRANSIENT;
    }

    /** Streams and applies; after a target failure, again from the stored position. */
    private void loop(Connections source, Connections target) throws InterruptedException {
        long failingSince = 0;
        long pause = 500;
        while (true) {
            BinlogStream stream = null;
            long groupsBefore = groupsCommitted;
            try {
                PositionTable.Stored stored = applier.stored().orElseThrow(this::positionGone);
                durable = stored.position();
                processed = durable;
                lastProcessed = null;
                stream =
                        new BinlogStream(
                                        source.spec(),
                                        serverId(settings.runId()),
                                        registry.databases(),
                                        durable,
                                        settings.networkTimeout(),
                                        clock)
                                .start();
                current = stream;
                if (drive(stream, source, target, stored.ddlPending())) {
                    return;
                }
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new SnapshiftException(
                            ErrorCode.CATCHUP,
                            "the target refused a change of the binary log after "
                                    + durable
                                    + ": "
                                    + MySqlErrors.describe(e)
                                    + "; fix the target and resume the run (snapshift migrate --online --resume "
                                    + settings.runId()
                                    + ")",
                            e);
                }
                if (groupsCommitted > groupsBefore) {
                    // it applied since the last failure: a new failure, not the same one going on
                    failingSince = 0;
                    pause = 500;
                }
                if (failingSince == 0) {
                    failingSince = clock.millis();
                }
                if (clock.millis() - failingSince > settings.networkTimeout().toMillis()) {
                    throw new SnapshiftException(
                            ErrorCode.CATCHUP,
                            "the target kept failing for "
                                    + settings.networkTimeout().toSeconds()
                                    + " s: "
                                    + MySqlErrors.describe(e),
                            e);
                }
                stats.targetRetry();
                LOG.warn(
                        "applying to the target failed ({}); starting again from the position the target holds in {} ms",
                        MySqlErrors.describe(e),
                        pause);
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 5_000);
                continue;
            } catch (SnapshiftException e) {
                if (e.code() != ErrorCode.CONNECTION) {
                    throw e;
                }
                if (groupsCommitted > groupsBefore) {
                    failingSince = 0;
                    pause = 500;
                }
                if (failingSince == 0) {
                    failingSince = clock.millis();
                }
                if (clock.millis() - failingSince > settings.networkTimeout().toMillis()) {
                    throw e;
                }
                LOG.warn("{}; trying again in {} ms", e.getMessage(), pause);
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 5_000);
                continue;
            } catch (BinlogStream.Failure e) {
                throw new SnapshiftException(
                        ErrorCode.CATCHUP,
                        e.getMessage()
                                + " (applied up to "
                                + durable
                                + (e.gone()
                                        ? ")"
                                        : "; resume with: snapshift migrate --online --resume "
                                                + settings.runId()
                                                + ")"),
                        e);
            } catch (TableRegistry.ShapeMismatch e) {
                throw new SnapshiftException(
                        ErrorCode.CATCHUP, e.getMessage() + " (applied up to " + durable + ")", e);
            } finally {
                if (stream != null) {
                    stream.close();
                    reconnectsBefore += stream.reconnects();
                    current = null;
                }
            }
            failingSince = 0;
            pause = 500;
        }
    }

    private SQLException positionGone() {
        return new SQLException(
                "the catch-up's position row is missing on the target ("
                        + PositionTable.QUALIFIED
                        + "): was it dropped? Migrate again with --clean-target");
    }

    /**
     * A server id for the binary log connection: derived from the run id, so two runs do not cut
     * each other off (a source drops the older of two dump connections with one id), and far from
     * the small ids servers are usually given.
     */
    static long serverId(String runId) {
        return 1_000_000_000L + Math.floorMod(runId.hashCode(), 1_000_000_000L);
    }

    /** One connection of the stream: true when a cutover completed. */
    private boolean drive(
            BinlogStream stream, Connections source, Connections target, boolean ddlMayHaveRun)
            throws SQLException,
                    InterruptedException,
                    BinlogStream.Failure,
                    TableRegistry.ShapeMismatch {
        boolean mayHaveRun = ddlMayHaveRun;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (cutover == null) {
                Optional<CutoverRequest> r = requests.take();
                if (r.isPresent()) {
                    cutover = beginCutover(r.get(), source);
                }
            }
            if (cutover != null && cutover.reached(stream)) {
                if (finishCutover(stream, source, target)) {
                    return true;
                }
                return false; // failed: the catch-up goes on from the stored position
            }
            if (cutover != null && cutover.timedOut(clock)) {
                failCutover(
                        "the changes up to the final position "
                                + cutover.finalPosition
                                + " were not applied within "
                                + cutover.request.timeout().toSeconds()
                                + " s (applied up to "
                                + processed
                                + ")",
                        null);
            }
            SourceTransaction first = stream.take(Duration.ofMillis(200));
            if (first == null) {
                saveEmpty(true);
                publish(stream, true);
                continue;
            }
            if (first.statement() != null) {
                saveEmpty(true);
                statement(first, target, source, mayHaveRun);
                mayHaveRun = false;
                publish(stream, true);
                continue;
            }
            List<SourceTransaction> group = new ArrayList<>();
            group.add(first);
            int rows = first.rows();
            while (group.size() < GROUP_TRANSACTIONS && rows < GROUP_ROWS) {
                SourceTransaction next = stream.peek();
                if (next == null || next.statement() != null) {
                    break;
                }
                group.add(stream.poll());
                rows += next.rows();
            }
            SourceTransaction last = group.get(group.size() - 1);
            if (rows == 0 && group.stream().allMatch(t -> t.changes().isEmpty())) {
                processed = last.end();
                lastProcessed = last;
                appliedEventTime = last.timestampMillis();
                saveEmpty(false);
            } else {
                ApplyStats.Delta d = applier.apply(group, this::skipped);
                groupsCommitted++;
                stats.committed(d, clock.millis());
                processed = last.end();
                durable = processed;
                lastProcessed = last;
                appliedEventTime = last.timestampMillis();
                lastSave = clock.millis();
                try {
                    hooks.reached(Checkpoint.CATCHUP_COMMITTED, group.size());
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new SQLException("hook: " + e.getMessage(), e);
                }
            }
            publish(stream, false);
        }
    }

    private void skipped(String table) {
        if (skippedTables.add(table)) {
            String note =
                    "rows of "
                            + table
                            + " are in the binary log but the table is not migrated: left out";
            LOG.warn(note);
            notes.add(note);
        }
    }

    /**
     * Writes the position of transactions that touched no migrated table, at most once a second
     * ({@code force}: now), so a restart does not read them all again.
     */
    private void saveEmpty(boolean force) throws SQLException {
        if (processed == null || !durable.isBefore(processed)) {
            return;
        }
        if (!force && clock.millis() - lastSave < EMPTY_SAVE.toMillis()) {
            return;
        }
        applier.savePosition(processed, gtidOf(lastProcessed), appliedEventTime, false);
        durable = processed;
        lastSave = clock.millis();
    }

    /** A statement that may change a migrated database, by --on-ddl. */
    private void statement(
            SourceTransaction t, Connections target, Connections source, boolean mayHaveRun)
            throws SQLException {
        SourceTransaction.Statement s = t.statement();
        String text = s.text().length() > 2_000 ? s.text().substring(0, 2_000) + "..." : s.text();
        BinlogCoordinates at = t.start().coordinates(t.gtid());
        if (s.kind() == Statements.Kind.TRIGGER_OR_EVENT) {
            record(at, s, text, "SKIPPED");
            LOG.info(
                    "{}: {} (triggers and events are created at cutover from the source)",
                    at,
                    text);
            advance(t);
            return;
        }
        switch (settings.onDdl()) {
            case STOP -> {
                record(at, s, text, "STOPPED");
                throw new SnapshiftException(
                        ErrorCode.CATCHUP,
                        "stopped at a schema change at "
                                + t.start()
                                + (s.database() == null || s.database().isEmpty()
                                        ? ""
                                        : " (database " + s.database() + ")")
                                + ": "
                                + text
                                + " -- everything before it is applied, nothing after it (--on-ddl stop)."
                                + " Make the same change on the target and resume with: snapshift migrate --online --resume "
                                + settings.runId()
                                + " --on-ddl ignore; or let snapshift run it: snapshift migrate --online --resume "
                                + settings.runId()
                                + " --on-ddl apply");
            }
            case IGNORE -> {
                record(at, s, text, "IGNORED");
                LOG.warn("{}: left out (--on-ddl ignore): {}", at, text);
                advance(t);
            }
            case APPLY -> {
                applier.savePosition(t.start(), gtidOf(lastProcessed), appliedEventTime, true);
                String note =
                        SchemaChanges.apply(
                                target,
                                s,
                                collation(source, s.collationId()),
                                settings.skipTargetBinlog(),
                                mayHaveRun);
                if (note != null) {
                    notes.add(at + ": " + note);
                }
                appliedEventTime = t.timestampMillis();
                applier.savePosition(t.end(), t.gtid(), appliedEventTime, false);
                durable = t.end();
                processed = durable;
                lastProcessed = t;
                lastSave = clock.millis();
                for (String db : registry.databases()) {
                    if (Statements.touches(s.database(), s.text(), List.of(), List.of(db))) {
                        registry.changed(db);
                    }
                }
                record(at, s, text, "APPLIED");
                LOG.warn("{}: applied to the target (--on-ddl apply): {}", at, text);
            }
        }
    }

    private void advance(SourceTransaction t) throws SQLException {
        processed = t.end();
        lastProcessed = t;
        appliedEventTime = t.timestampMillis();
        saveEmpty(true);
    }

    private static String gtidOf(SourceTransaction t) {
        return t == null ? null : t.gtid();
    }

    private void record(
            BinlogCoordinates at, SourceTransaction.Statement s, String text, String action) {
        ddl.add(new CatchUpState.DdlEvent(at, s.database(), text, action, clock.instant()));
        publishNow();
    }

    /** The name of a collation id as the source knows it; null when unknown or not logged. */
    private static String collation(Connections source, int id) {
        if (id <= 0) {
            return null;
        }
        try (Connection c = source.open("collations")) {
            return Jdbc.scalar(
                    c, "SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE ID = ?", id);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------
    // state

    private void publish(BinlogStream stream, boolean idle) {
        long now = clock.millis();
        if (now - lastPublish < 250) {
            return;
        }
        lastPublish = now;
        long offset = monitor.clockOffsetMillis();
        long oldest = stream.oldestWaitingTimestamp();
        long behind = oldest > 0 ? Math.max(0, (now + offset - oldest) / 1000) : 0;
        long bytes = monitor.bytesBehind(processed);
        if (caughtUpAt == null && stream.waiting() == 0 && bytes == 0) {
            caughtUpAt = clock.instant();
            LOG.info("caught up with the source at {}", processed);
        }
        retention(behind);
        tracker.catchUp(state(behind, bytes, stream.reconnects()));
    }

    private void publishNow() {
        lastPublish = 0;
        CatchUpState s = tracker.catchUp();
        BinlogStream stream = current;
        tracker.catchUp(
                state(
                        s == null ? -1 : s.secondsBehind(),
                        s == null ? -1 : s.bytesBehind(),
                        stream == null ? 0 : stream.reconnects()));
    }

    /** Warns when the log still to apply is old enough to be purged soon. */
    private void retention(long secondsBehind) {
        long keep = monitor.retentionSeconds();
        if (processed != null && !monitor.has(processed.file())) {
            String note =
                    "the binary log file "
                            + processed.file()
                            + " the catch-up reads is no longer listed on the source (purged): a restart of the"
                            + " catch-up could not read it again";
            if (!notes.contains(note)) {
                notes.add(note);
                LOG.error(note);
            }
        }
        if (keep > 0 && secondsBehind > keep / 2 && !warnedRetention) {
            warnedRetention = true;
            String note =
                    "the catch-up is "
                            + secondsBehind
                            + " s behind and the source keeps its binary logs "
                            + keep
                            + " s: the file it needs ("
                            + processed.file()
                            + ") may be purged before it is applied; raise binlog_expire_logs_seconds on the source";
            notes.add(note);
            LOG.warn(note);
        }
    }

    private CatchUpState state(long secondsBehind, long bytesBehind, int reconnects) {
        double[] rates = stats.rates(clock.millis());
        return new CatchUpState(
                settings.onDdl().name(),
                start,
                durable == null
                        ? null
                        : durable.coordinates(lastProcessed == null ? null : lastProcessed.gtid()),
                appliedEventTime > 0 ? Instant.ofEpochMilli(appliedEventTime) : null,
                secondsBehind,
                bytesBehind,
                monitor == null ? null : monitor.head(),
                rates[0],
                rates[1],
                stats.transactions(),
                stats.events(),
                stats.rows(),
                stats.insertsReplaced(),
                stats.updatesMissing(),
                stats.deletesMissing(),
                registry == null ? List.of() : registry.fullRowMatchTables(),
                ddl,
                reconnectsBefore + reconnects,
                stats.targetRetries(),
                caughtUpAt,
                notes);
    }

    // ---------------------------------------------------------------------------------------
    // cutover

    /** A cutover in progress. */
    private final class Cutover {
        final CutoverRequest request;
        final BinlogPosition finalPosition;
        final BinlogCoordinates finalCoordinates;
        final ReadOnlySwitch readOnly;
        final Instant writesStoppedAt;
        final long startedMillis;

        Cutover(
                CutoverRequest request,
                BinlogCoordinates finalCoordinates,
                ReadOnlySwitch readOnly,
                Instant writesStoppedAt) {
            this.request = request;
            this.finalCoordinates = finalCoordinates;
            this.finalPosition = BinlogPosition.of(finalCoordinates);
            this.readOnly = readOnly;
            this.writesStoppedAt = writesStoppedAt;
            this.startedMillis = clock.millis();
        }

        /**
         * Every transaction up to the final position is applied: the reader got there (read before
         * the queue is looked at: what it read by then is in the queue) and nothing waits.
         */
        boolean reached(BinlogStream stream) {
            if (!processed.isBefore(finalPosition)) {
                return true;
            }
            BinlogPosition received = stream.received();
            return !received.isBefore(finalPosition) && stream.waiting() == 0;
        }

        boolean timedOut(Clock clock) {
            return clock.millis() - startedMillis > request.timeout().toMillis();
        }

        CutoverState state(
                CutoverState.Verdict verdict,
                List<CutoverState.TableCheck> tables,
                List<String> notes,
                String error,
                boolean finished) {
            return new CutoverState(
                    request.requestedAt(),
                    request.readOnly(),
                    writesStoppedAt,
                    finished ? clock.instant() : null,
                    finalCoordinates,
                    request.verify().name(),
                    verdict,
                    tables,
                    notes,
                    error);
        }
    }

    /** Stops writes (if asked to) and reads the final position. */
    private Cutover beginCutover(CutoverRequest r, Connections source) {
        LOG.info(
                "cutover asked for{}",
                r.readOnly() ? ": making the source read-only" : " (writes stopped by the user)");
        tracker.phase(Phase.CUTOVER);
        ReadOnlySwitch sw = null;
        Instant stopped = r.requestedAt();
        try {
            if (r.readOnly()) {
                sw = ReadOnlySwitch.engage(source, changeLog, clock, settings.lockWaitTimeout());
                stopped = clock.instant();
            }
            BinlogCoordinates fin;
            try (Connection c = source.open("cutover")) {
                fin = BinlogReader.read(c, ServerInfo.read(c));
            }
            if (fin == null) {
                throw new SnapshiftException(
                        ErrorCode.CATCHUP, "the source's binary log position cannot be read");
            }
            Cutover cut = new Cutover(r, fin, sw, stopped);
            tracker.cutover(
                    cut.state(CutoverState.Verdict.IN_PROGRESS, List.of(), List.of(), null, false));
            LOG.info("cutover: applying up to the final position {}", fin);
            return cut;
        } catch (SQLException | RuntimeException e) {
            String error = e instanceof SQLException se ? MySqlErrors.describe(se) : e.getMessage();
            restore(sw, e);
            tracker.cutover(
                    new CutoverState(
                            r.requestedAt(),
                            r.readOnly(),
                            null,
                            clock.instant(),
                            null,
                            r.verify().name(),
                            CutoverState.Verdict.FAILED,
                            List.of(),
                            List.of(),
                            error));
            tracker.phase(Phase.CATCHUP);
            LOG.error("cutover failed: {}", error);
            return null;
        }
    }

    /**
     * Everything up to the final position is applied: checks that writes really stopped, compares,
     * creates triggers and enables events, drops the position table. True when the cutover
     * completed; false when it failed (the catch-up goes on).
     */
    private boolean finishCutover(BinlogStream stream, Connections source, Connections target)
            throws SQLException, InterruptedException {
        Cutover cut = cutover;
        saveEmpty(true);
        long settleUntil = clock.millis() + SETTLE.toMillis();
        while (clock.millis() < settleUntil) {
            SourceTransaction next = stream.peek();
            if (next != null && (!next.changes().isEmpty() || next.statement() != null)) {
                failCutover(
                        "writes to migrated tables went on after the final position "
                                + cut.finalPosition
                                + " (a transaction at "
                                + next.start()
                                + "): stop the writes (or use cutover --read-only) and cut over again",
                        null);
                return false;
            }
            Thread.sleep(50);
        }
        stream.close();
        List<String> databases = databasesOf(tracker);
        List<CutoverState.TableCheck> checks;
        List<String> done = new ArrayList<>();
        try (Connection s = source.open("verify");
                Connection t = target.open("verify")) {
            checks = Verification.compare(s, t, tablesOf(s), cut.request.verify());
            List<CutoverState.TableCheck> different =
                    checks.stream().filter(c -> !c.equal()).toList();
            if (!different.isEmpty()) {
                tracker.cutover(
                        cut.state(
                                CutoverState.Verdict.MISMATCH,
                                checks,
                                List.of(),
                                "the target differs from the source at the final position: "
                                        + different.stream()
                                                .map(c -> c.database() + "." + c.table())
                                                .toList(),
                                true));
                restore(cut.readOnly, null);
                cutover = null;
                tracker.phase(Phase.CATCHUP);
                LOG.error("cutover: the target differs from the source: {}", different);
                return false;
            }
            List<ObjectState> objects;
            try {
                objects =
                        CutoverObjects.sync(
                                s,
                                target,
                                databases,
                                settings.skipTargetBinlog(),
                                settings.targetOptions());
            } catch (CutoverObjects.Failed e) {
                failCutover(e.getMessage(), null);
                return false;
            }
            objects.forEach(tracker::object);
            long triggers = objects.stream().filter(o -> o.kind().equals("TRIGGER")).count();
            long events =
                    objects.stream()
                            .filter(o -> o.kind().equals("EVENT"))
                            .filter(o -> o.notes().stream().anyMatch(n -> n.startsWith("enabled")))
                            .count();
            done.add(triggers + " trigger(s) created, " + events + " event(s) enabled");
        } catch (SQLException e) {
            failCutover("comparing source and target failed: " + MySqlErrors.describe(e), e);
            return false;
        }
        try (Connection c = target.open("catchup-cleanup")) {
            position.drop(c);
            done.add("the position table " + PositionTable.QUALIFIED + " was dropped");
        } catch (SQLException e) {
            done.add(
                    "the position table "
                            + PositionTable.QUALIFIED
                            + " could not be dropped ("
                            + MySqlErrors.describe(e)
                            + "): drop this run's row yourself");
        }
        if (cut.readOnly != null) {
            done.add(
                    "the source stays read-only: point the applications at the target (snapshift status "
                            + settings.runId()
                            + " --repair puts read_only back)");
        }
        CutoverState.Verdict verdict =
                cut.request.verify() == CutoverRequest.Verify.NONE
                        ? CutoverState.Verdict.UNVERIFIED
                        : CutoverState.Verdict.VERIFIED;
        tracker.cutover(cut.state(verdict, checks, done, null, true));
        LOG.info(
                "cutover done at {}: {}; writes stopped for {} ms",
                cut.finalCoordinates,
                verdict,
                Duration.between(cut.writesStoppedAt, clock.instant()).toMillis());
        publishNow();
        return true;
    }

    /** The cutover cannot complete: source writes back on, the catch-up goes on. */
    private void failCutover(String error, Throwable cause) {
        Cutover cut = cutover;
        cutover = null;
        if (cut == null) {
            return;
        }
        restore(cut.readOnly, cause);
        tracker.cutover(cut.state(CutoverState.Verdict.FAILED, List.of(), List.of(), error, true));
        tracker.phase(Phase.CATCHUP);
        LOG.error("cutover failed: {}", error);
    }

    private static void restore(ReadOnlySwitch sw, Throwable into) {
        if (sw == null) {
            return;
        }
        try {
            sw.close();
        } catch (RuntimeException e) {
            if (into != null) {
                into.addSuppressed(e);
            }
            LOG.error("{}", e.getMessage());
        }
    }

    private static List<String> databasesOf(StateTracker tracker) {
        return tracker.snapshot().databases().stream().map(d -> d.name()).toList();
    }

    /** The migrated tables as the source has them now (writes stopped). */
    private List<ApplyTable> tablesOf(Connection source) throws SQLException {
        List<ApplyTable> out = new ArrayList<>();
        for (var d : tracker.snapshot().databases()) {
            Set<String> names = new LinkedHashSet<>();
            d.tables().stream()
                    .filter(t -> t.status() == dev.snapshift.api.Status.COMPLETED)
                    .forEach(t -> names.add(t.name()));
            for (TableInfo t :
                    new dev.snapshift.internal.schema.SourceCatalog(source).tables(d.name())) {
                if (names.contains(t.name())) {
                    out.add(ApplyTable.of(t));
                }
            }
        }
        return out;
    }
}
