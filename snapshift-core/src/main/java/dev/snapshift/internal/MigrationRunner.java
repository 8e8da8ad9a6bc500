package dev.snapshift.internal;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.Phase;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.SourceChange;
import dev.snapshift.internal.catchup.CatchUpPhase;
import dev.snapshift.internal.catchup.RangeReplay;
import dev.snapshift.internal.copy.CopyEngine;
import dev.snapshift.internal.copy.HistoryCopier;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.LocalInfileDir;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.resume.BringForward;
import dev.snapshift.internal.resume.KeptChunks;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.snapshot.PointInTimeLost;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotCoordinator;
import dev.snapshift.internal.snapshot.SnapshotReads;
import dev.snapshift.internal.snapshot.SnapshotSession;
import dev.snapshift.internal.snapshot.SourceChangeLog;
import dev.snapshift.internal.state.ChunkLog;
import dev.snapshift.internal.state.CutoverRequests;
import dev.snapshift.internal.state.RunStore;
import dev.snapshift.internal.state.StateTracker;
import dev.snapshift.internal.verify.CopyVerifier;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the components phase by phase. Holds no SQL of its own. */
public final class MigrationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private final MigrationConfig config;
    private final MigrationHooks hooks;
    private final StateTracker tracker;
    private final Clock clock;

    /**
     * Durable run state, or null; phase changes are saved at once (the recorder saves the rest).
     */
    private final RunStore store;

    private final FinishPhase finish;
    private final SchemaPhase schema;

    /** Where a cutover of an online run is asked for. */
    private final CutoverRequests cutoverRequests;

    /** The durable record of committed chunks (null without a run store). */
    private final ChunkLog chunkLog;

    /** Chunks committed by this run, each with its point in time (this process's record). */
    private final List<ChunkLog.Entry> chunks =
            java.util.Collections.synchronizedList(new ArrayList<>());

    /** The tables of the current attempt (created on the target, or kept by a resume). */
    private volatile List<TableInfo> tables = List.of();

    /** Non-transactional tables the current attempt copied under the lock. */
    private final List<TableInfo> lockCopied = new ArrayList<>();

    /** Why the last loss could not be resumed. */
    private String noResume;

    /**
     * {@code migrate --resume}: the chunks the killed run recorded (its tables are adopted by the
     * first attempt); null otherwise.
     */
    private List<ChunkLog.Entry> fromLog;

    /**
     * What a run reaches the servers with: the trust stores of its CA files, the directory its LOAD
     * DATA LOCAL feeds are allowed from, and the connections of both servers. Made by {@link
     * #early} before the run's own set-up (its state directory, the recorder of its state), it has
     * both preflight probes opening meanwhile: their TCP and TLS handshakes and logins overlap that
     * set-up instead of following it. Closing it closes whatever was opened ahead and not taken.
     */
    public static final class Links implements AutoCloseable {
        private final TrustStores trust;
        private final LocalInfileDir infileDir;
        final Connections source;
        final Connections target;

        private Links(MigrationConfig config) throws java.io.IOException {
            this.trust = new TrustStores();
            LocalInfileDir dir;
            try {
                dir = LocalInfileDir.create();
            } catch (java.io.IOException | RuntimeException e) {
                trust.close();
                throw e;
            }
            this.infileDir = dir;
            this.source =
                    new Connections("source", config.source(), trust, config.networkTimeout());
            this.target =
                    new Connections(
                            "target",
                            config.target(),
                            trust,
                            config.networkTimeout(),
                            infileDir.path());
        }

        /**
         * The links of a run about to start, its preflight probes already opening; null when they
         * cannot be made here (the run then makes its own, and reports why that failed).
         */
        public static Links early(MigrationConfig config) {
            Links links;
            try {
                links = new Links(config);
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
            try {
                links.source.openAhead(List.of(PreflightPhase.PROBE));
                links.target.openAhead(List.of(PreflightPhase.PROBE));
            } catch (RuntimeException e) {
                links.close(); // nothing of it is left behind; the run makes its own
                return null;
            }
            return links;
        }

        private boolean closed;

        /** Idempotent. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // connections opened ahead and never taken (a run that failed before using them)
            source.closeAhead();
            target.closeAhead();
            infileDir.close();
            trust.close();
        }
    }

    /** Links made before the run (see {@link Links#early}), or null: the run makes its own. */
    private Links early;

    /** Runs with {@code links} (made by {@link Links#early}), which the run closes. */
    public MigrationRunner with(Links links) {
        this.early = links;
        return this;
    }

    /** Goes on with a run killed during its copy, from its chunk log ({@code migrate --resume}). */
    public MigrationRunner resumingCopy() {
        if (chunkLog == null) {
            throw new IllegalStateException("a resumed run needs its state directory");
        }
        this.fromLog = chunkLog.read();
        return this;
    }

    /** Set when the next attempt resumes: the chunks it keeps. */
    private KeptChunks resume;

    public MigrationRunner(
            MigrationConfig config,
            MigrationHooks hooks,
            StateTracker tracker,
            Clock clock,
            RunStore store) {
        this(
                config,
                hooks,
                tracker,
                clock,
                store,
                new CutoverRequests(store == null ? null : store.directory()));
    }

    public MigrationRunner(
            MigrationConfig config,
            MigrationHooks hooks,
            StateTracker tracker,
            Clock clock,
            RunStore store,
            CutoverRequests cutoverRequests) {
        this.config = config;
        this.hooks = hooks;
        this.tracker = tracker;
        this.clock = clock;
        this.store = store;
        this.cutoverRequests = cutoverRequests;
        this.chunkLog = store == null ? null : ChunkLog.in(store.directory());
        this.replayId = store == null ? "run-" + clock.millis() : store.runId();
        this.finish =
                new FinishPhase(
                        tracker,
                        clock,
                        config.skipTargetBinlog(),
                        config.targetOptions(),
                        config.isOnline());
        this.schema = new SchemaPhase(config, tracker, hooks, finish);
    }

    /** Runs the migration; failures end up in the tracker's final state, never thrown. */
    public void run() {
        // the trust stores and the LOCAL INFILE directory deleted, the connections opened ahead
        // closed, on every way out of the run (failure, interrupt, SIGTERM through the CLI's
        // shutdown hook)
        Links made = early;
        early = null;
        try (Links links = made != null ? made : new Links(config)) {
            runPhases(links.source, links.target);
            tracker.finish(null, null);
        } catch (SnapshiftException e) {
            LOG.error("migration failed: {}", e.getMessage());
            tracker.finish(e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.finish(ErrorCode.INTERRUPTED, "interrupted");
        } catch (RuntimeException | java.io.IOException e) {
            LOG.error("migration failed", e);
            tracker.finish(ErrorCode.INTERNAL, e.toString());
        }
    }

    /**
     * The flow of DESIGN.md: preflight, then (restarted from a new snapshot when every session of
     * the point in time is lost) snapshot, schema, plan, copy, finish.
     */
    private void runPhases(Connections source, Connections target) throws InterruptedException {
        tracker.phase(Phase.STARTING);
        tracker.consistency(config.consistency());
        tracker.verifying(config.verify());
        RunFacts facts =
                timed(
                        Phase.PREFLIGHT,
                        () ->
                                new PreflightPhase(config, tracker, new Hooks(hooks))
                                        .adopting(fromLog != null)
                                        // the snapshot's connections open while the preflight
                                        // reads (the source's credentials work by then)
                                        .onceSourceKnown(
                                                server ->
                                                        source.openAhead(
                                                                SnapshotCoordinator
                                                                        .connectionsOfTake(
                                                                                config
                                                                                        .consistency(),
                                                                                config
                                                                                        .sessionCount(),
                                                                                server)))
                                        .run(source, target));
        if (fromLog != null) {
            resumeFromLog(source, target, facts);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                List<TableInfo> copied = snapshotAndCopy(source, target, facts);
                if (config.isOnline()) {
                    catchUp(source, target, copied);
                }
                return;
            } catch (RangeReplay.Impossible impossible) {
                resume = null;
                if (attempt >= config.maxRestarts()) {
                    throw new SnapshiftException(
                            ErrorCode.SNAPSHOT,
                            "cannot resume: "
                                    + impossible.getMessage()
                                    + "; gave up after "
                                    + attempt
                                    + " restart(s) (--max-restarts "
                                    + config.maxRestarts()
                                    + ")",
                            impossible);
                }
                String why =
                        "cannot resume: "
                                + impossible.getMessage()
                                + "; dropping the copy and restarting from zero";
                LOG.warn(why);
                restartFromZero(target, why);
            } catch (PointInTimeLost lost) {
                if (attempt >= config.maxRestarts()) {
                    throw new SnapshiftException(
                            ErrorCode.SNAPSHOT,
                            lost.getMessage()
                                    + "; gave up after "
                                    + attempt
                                    + " restart(s) (--max-restarts "
                                    + config.maxRestarts()
                                    + ")",
                            lost);
                }
                new Hooks(hooks).reached(Checkpoint.POINT_IN_TIME_LOST, attempt);
                resume = resumable(source, lost.getMessage());
                if (resume != null) {
                    LOG.warn(
                            "{}: keeping the {} chunk(s) ({} rows) committed at {} and resuming at a new point in time ({} of {})",
                            lost.getMessage(),
                            resume.chunks(),
                            resume.rows(),
                            resume.at(),
                            attempt + 1,
                            config.maxRestarts());
                    tracker.resumedAt(lost.getMessage(), resume.at(), resume.perTable());
                    continue;
                }
                LOG.warn(
                        "{}: not resumed ({}): dropping what this attempt created on the target and restarting from a new snapshot ({} of {})",
                        lost.getMessage(),
                        noResume,
                        attempt + 1,
                        config.maxRestarts());
                restartFromZero(
                        target,
                        lost.getMessage()
                                + "; not resumed ("
                                + noResume
                                + "): the copy was dropped and restarted from zero");
            }
        }
    }

    /**
     * {@code migrate --resume} of a run killed during its copy: the chunks its log records at their
     * latest point in time are kept and brought forward by the first attempt (which adopts the
     * run's tables on the target), or, when the source cannot serve a resume, the run's tables are
     * dropped and it starts from zero, saying why.
     */
    private void resumeFromLog(Connections source, Connections target, RunFacts facts) {
        BinlogCoordinates at = fromLog.isEmpty() ? null : fromLog.get(fromLog.size() - 1).at();
        String why;
        if (fromLog.isEmpty()) {
            why = "no chunk of it was committed";
        } else if (NonTransactional.copyUnderLock(facts.tables(), config)) {
            why = "non-transactional tables are copied under the lock";
        } else if (facts.tables().stream().anyMatch(TableInfo::versioned)) {
            why = "system-versioned tables keep their history only in a copy from zero";
        } else {
            why = BringForward.whyNot(source, at);
        }
        KeptChunks kept = why == null ? KeptChunks.of(fromLog, at, facts.tables()) : null;
        if (kept != null && kept.isEmpty()) {
            why = "none of its committed chunks is of a migrated table";
        }
        String reason = "migrate --resume of run " + (store == null ? "" : store.runId());
        if (why != null) {
            LOG.warn(
                    "{}: not resumed ({}): dropping the run's tables on the target and restarting from zero",
                    reason,
                    why);
            try (Connection c = target.open("schema")) {
                dev.snapshift.internal.schema.TargetCleaner.dropSelected(c, facts.tables());
            } catch (java.sql.SQLException e) {
                throw new SnapshiftException(
                        ErrorCode.COPY,
                        "could not drop the partial copy on the target before restarting: "
                                + dev.snapshift.internal.jdbc.MySqlErrors.describe(e),
                        e);
            }
            if (chunkLog != null) {
                chunkLog.cleared();
            }
            fromLog = null;
            tracker.restarted(
                    reason
                            + ": not resumed ("
                            + why
                            + "): the copy was dropped and restarted from zero");
            return;
        }
        fromLog.stream().filter(e -> ChunkLog.samePoint(e.at(), at)).forEach(chunks::add);
        resume = kept;
        LOG.warn(
                "{}: keeping the {} chunk(s) ({} rows) committed at {} and resuming at a new point in time",
                reason,
                kept.chunks(),
                kept.rows(),
                at);
        tracker.resumedAt(reason, at, kept.perTable());
    }

    /** The current behaviour when nothing can be kept: drop the copy, start again from zero. */
    private void restartFromZero(Connections target, String reason) {
        bringForward().replayRecorded(target); // a replay cut short: its position means nothing now
        schema.dropCreated(target);
        finish.clear();
        chunks.clear();
        if (chunkLog != null) {
            chunkLog.cleared();
        }
        tables = List.of();
        tracker.restarted(reason);
    }

    /**
     * The chunks committed at the lost point in time, when a resume can keep them; null (and why,
     * logged) when the run must restart from zero.
     */
    private KeptChunks resumable(Connections source, String lost) {
        if (resume != null) {
            return resume; // lost again before the kept chunks were brought forward
        }
        BinlogCoordinates at = tracker.snapshot().binlog();
        String why = null;
        if (!lockCopied.isEmpty()) {
            why = "non-transactional tables were copied under the lock";
        } else if (tables.stream().anyMatch(TableInfo::versioned)) {
            why = "system-versioned tables keep their history only in a copy from zero";
        } else if (tables.isEmpty() || chunks.isEmpty()) {
            why = "no chunk was committed";
        } else {
            why = BringForward.whyNot(source, at);
        }
        if (why != null) {
            noResume = why;
            return null;
        }
        KeptChunks kept = KeptChunks.of(List.copyOf(chunks), at, tables);
        if (kept.isEmpty()) {
            noResume = "no chunk of this point in time was committed";
            return null;
        }
        return kept;
    }

    /**
     * Online: the binary log from the snapshot's coordinates, applied until a cutover completes
     * (the snapshot sessions are closed by then: no read view is held open meanwhile).
     */
    private void catchUp(Connections source, Connections target, List<TableInfo> tables)
            throws InterruptedException {
        timed(
                Phase.CATCHUP,
                () -> {
                    new CatchUpPhase(
                                    new CatchUpPhase.Settings(
                                            store == null ? "run-" + clock.millis() : store.runId(),
                                            config.online().onDdl(),
                                            config.skipTargetBinlog(),
                                            config.networkTimeout(),
                                            config.lockWaitTimeout(),
                                            config.targetOptions()),
                                    tracker,
                                    clock,
                                    hooks,
                                    cutoverRequests,
                                    sourceChangeLog())
                            .run(source, target, tables, tracker.snapshot().binlog());
                    return null;
                });
    }

    /**
     * One attempt: take the point in time, create the schema, plan, copy, finish. Returns the
     * tables copied. A resumed attempt creates nothing: it brings the kept chunks forward to the
     * new point in time and copies only the chunks missing.
     */
    private List<TableInfo> snapshotAndCopy(Connections source, Connections target, RunFacts facts)
            throws InterruptedException {
        tracker.phase(Phase.SNAPSHOT);
        if (store != null) {
            store.save(tracker.snapshot()); // on disk before anything touches the target
        }
        KeptChunks kept = resume;
        CopyPhase copy =
                new CopyPhase(config, tracker, hooks, facts).onChunkCommitted(this::chunkCommitted);
        PlanPhase planner = new PlanPhase(config, tracker, hooks);
        if (kept == null) {
            lockCopied.clear();
        }
        SnapshotCoordinator.UnderLock underLock =
                kept == null && NonTransactional.copyUnderLock(facts.tables(), config)
                        ? s -> {
                            List<TableInfo> tables =
                                    schema.createNonTransactional(facts.databases(), s, target);
                            LOG.warn(
                                    "copying {} non-transactional table(s) while the lock is held: writers wait meanwhile",
                                    tables.size());
                            copy.copy(planner.plan(tables, s), s, target);
                            lockCopied.addAll(tables);
                        }
                        : SnapshotCoordinator.UnderLock.NONE;
        if (kept == null) {
            // the schema's target sessions open while the snapshot is taken
            target.openAhead(
                    java.util.Collections.nCopies(
                            Math.min(SchemaPhase.CREATORS, Math.max(1, facts.tables().size())),
                            SchemaPhase.PURPOSE));
        }
        long start = clock.millis();
        point = null; // chunks copied under the lock are of no recorded point: never kept
        try (Snapshot snapshot =
                new SnapshotCoordinator(
                                source, facts.sourceServer(), hooks, clock, sourceChangeLog())
                        .take(
                                facts.mode(),
                                config.threads(),
                                config.sessionCount(),
                                facts.tables(),
                                new SnapshotCoordinator.LockOptions(
                                        config.lockWaitTimeout(),
                                        config.longQueryGuard(),
                                        config.killLongQueries(),
                                        NonTransactional::isNonTransactional),
                                underLock)) {
            LOG.info("phase SNAPSHOT done in {} ms", clock.millis() - start);
            source.closeAhead(); // any the mode did not use (no idle connection during the copy)
            tracker.consistency(snapshot.consistency());
            tracker.binlog(snapshot.coordinates());
            tracker.lock(snapshot.lockTiming());
            point = snapshot.coordinates();
            if (snapshot.coordinates() == null && snapshot.consistency() != ConsistencyMode.NONE) {
                LOG.warn(
                        "the source has no binary log (log_bin=OFF): no coordinates to start replication or CDC from");
            }

            List<TableInfo> tables =
                    timed(
                            Phase.SCHEMA,
                            () -> {
                                List<TableInfo> created =
                                        kept != null && fromLog != null
                                                ? schema.adopt(facts.databases(), snapshot, target)
                                                : kept != null
                                                        ? this.tables
                                                        : schema.create(
                                                                facts.databases(),
                                                                snapshot,
                                                                target,
                                                                lockCopied,
                                                                CopyEngine.targetSessionsAtStart(
                                                                        snapshot.workers(),
                                                                        config.adaptiveThreads(),
                                                                        facts.tables(),
                                                                        config.chunkRows()));
                                this.tables = created;
                                fromLog = null;
                                new SnapshotReads(snapshot, hooks)
                                        .read(
                                                "read the views, routines, triggers and events",
                                                Checkpoint.SCHEMA_READING,
                                                c -> {
                                                    finish.readSource(
                                                            c, facts.databases(), created);
                                                    return null;
                                                });
                                if (kept == null) {
                                    HistoryCopier.copy(
                                            readSession(snapshot),
                                            target,
                                            created,
                                            tracker,
                                            config.skipTargetBinlog());
                                }
                                target.closeAhead(SchemaPhase.PURPOSE); // any it did not use
                                return created;
                            });
            timed(
                    Phase.COPY,
                    () -> {
                        List<Chunk> planned = planner.plan(tables, snapshot);
                        if (kept != null) {
                            planned = bringForward(source, target, snapshot, tables, kept, planned);
                        }
                        copy.copy(planned, snapshot, target, finish);
                        target.closeAhead(CopyEngine.TARGET_PURPOSE); // any no worker took
                        return null;
                    });
            timed(
                    Phase.FINISH,
                    () -> {
                        finish.run(target);
                        return null;
                    });
            List<TableInfo> copied = new ArrayList<>(lockCopied);
            copied.addAll(tables);
            return copied;
        } finally {
            target.closeAhead(); // an attempt that failed before its schema leaves none behind
        }
    }

    /** Names this run's replay position on the target (stable for the life of the run). */
    private final String replayId;

    private BringForward bringForward() {
        return new BringForward(
                replayId,
                tracker,
                hooks,
                config.skipTargetBinlog(),
                config.networkTimeout(),
                clock);
    }

    /** The point in time of the current attempt (its chunks are recorded with it). */
    private volatile BinlogCoordinates point;

    private void chunkCommitted(Chunk c, long rows) {
        ChunkLog.Entry e =
                new ChunkLog.Entry(
                        point,
                        c.table().database(),
                        c.table().name(),
                        c.mode().name(),
                        c.lower(),
                        c.upper(),
                        rows);
        chunks.add(e);
        if (chunkLog != null) {
            chunkLog.committed(e);
        }
    }

    /**
     * A resume: the kept chunks brought from their point in time to this one, and the chunks of
     * {@code planned} still to copy (those cut around the kept ones, and kept ones that differ).
     */
    private List<Chunk> bringForward(
            Connections source,
            Connections target,
            Snapshot snapshot,
            List<TableInfo> tables,
            KeptChunks kept,
            List<Chunk> planned)
            throws InterruptedException {
        BringForward forward = bringForward();
        List<Chunk> missing = kept.missing(planned);
        java.util.Map<TableInfo, Integer> counts = KeptChunks.countByTable(missing);
        for (TableInfo t : tables) {
            long[] k = kept.perTable().get(t.database() + "." + t.name());
            tracker.plannedAfterResume(
                    t.database(),
                    t.name(),
                    counts.getOrDefault(t, 0) + (k == null ? 0 : (int) k[0]));
        }
        forward.deleteLeftovers(target, tables, kept);
        RangeReplay.Result r = forward.replay(source, target, tables, kept, point);
        tracker.resumeReplayed(point, r.transactions(), r.events(), r.rows());
        List<ChunkLog.Entry> keptEntries;
        synchronized (chunks) {
            keptEntries =
                    chunks.stream().filter(e -> ChunkLog.samePoint(e.at(), kept.at())).toList();
            ChunkLog.rebase(chunks, kept.at(), point);
        }
        if (chunkLog != null) {
            chunkLog.rebased(kept.at(), point);
        }
        forward.replayRecorded(target);
        resume = null;
        List<Chunk> out = new ArrayList<>(missing);
        if (config.verify()) {
            List<ChunkLog.Entry> again =
                    forward.verify(
                            snapshot,
                            target,
                            keptEntries.stream()
                                    .map(
                                            e ->
                                                    new ChunkLog.Entry(
                                                            kept.at(),
                                                            e.database(),
                                                            e.table(),
                                                            e.mode(),
                                                            e.lower(),
                                                            e.upper(),
                                                            e.rows()))
                                    .toList(),
                            kept,
                            tables,
                            new CopyVerifier(tracker));
            for (ChunkLog.Entry e : again) {
                ChunkLog.Entry now =
                        new ChunkLog.Entry(
                                point,
                                e.database(),
                                e.table(),
                                e.mode(),
                                e.lower(),
                                e.upper(),
                                e.rows());
                chunks.remove(now);
                if (chunkLog != null) {
                    chunkLog.dropped(now); // on disk before its rows go
                }
                out.add(forward.deleteChunk(target, e, tables));
            }
        }
        LOG.info(
                "resume: {} chunk(s) kept ({} rows), {} chunk(s) to copy at {}",
                kept.chunks(),
                kept.rows(),
                out.size(),
                point);
        return out;
    }

    /** A phase's work, for {@link #timed}. */
    @FunctionalInterface
    private interface PhaseWork<T> {
        T run() throws InterruptedException;
    }

    /** Runs one named phase: recorded in the state, logged with its duration. */
    private <T> T timed(Phase phase, PhaseWork<T> work) throws InterruptedException {
        tracker.phase(phase);
        long start = clock.millis();
        LOG.info("phase {}", phase);
        T result = work.run();
        LOG.info("phase {} done in {} ms", phase, clock.millis() - start);
        return result;
    }

    /** Source settings changes go to the run state, on disk before the change is made. */
    SourceChangeLog sourceChangeLog() {
        return sourceChangeLog(tracker, store);
    }

    /** Source settings changes go to the run state, on disk before the change is made. */
    static SourceChangeLog sourceChangeLog(StateTracker tracker, RunStore store) {
        return new SourceChangeLog() {
            @Override
            public void changing(List<SourceChange> changes) {
                tracker.sourceChanging(changes);
                if (store != null) {
                    store.saveNow(tracker.snapshot());
                }
            }

            @Override
            public void restored(List<SourceChange> changes) {
                tracker.sourceRestored(changes.stream().map(SourceChange::setting).toList());
                if (store != null) {
                    store.saveNow(tracker.snapshot());
                }
            }
        };
    }

    /**
     * A live session of the snapshot for reads outside the copy; the point in time is lost when
     * there is none.
     */
    private static Connection readSession(Snapshot snapshot) {
        SnapshotSession s = snapshot.liveSession();
        if (s == null) {
            throw new PointInTimeLost(
                    "point-in-time sync lost: no snapshot session is left to read the schema from");
        }
        return s.connection();
    }
}
