package dev.snapshift.internal.verify;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyProgress;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.api.VerifyResult.SchemaDifference;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.plan.ChunkPlanner;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotCoordinator;
import dev.snapshift.internal.snapshot.SnapshotSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snapshift verify}: compares source and target, definitions first, then the rows chunk by
 * chunk in parallel, the source read inside one snapshot (its sessions opened and started as a
 * migration starts them, so a {@code --consistency snapshot} run sees one instant), the target as
 * it is. Each chunk's digest ({@link DigestSql}) is computed by each server; a chunk that differs
 * is compared again, both sides read afresh, when writes were seen on either server (changes in
 * flight settle, real differences stay), and its differing rows are named by key. Reads only: the
 * source's connections are read-only, and so are the target's.
 */
public final class VerifyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyRunner.class);

    private final VerifyConfig config;
    private final Clock clock;

    private volatile String phase = "connecting";
    private volatile Instant compareStarted;
    private final Instant started;
    private final AtomicInteger chunksTotal = new AtomicInteger();
    private final AtomicInteger chunksDone = new AtomicInteger();
    private final AtomicInteger differingChunks = new AtomicInteger();
    private final AtomicLong rowsEstimated = new AtomicLong();
    private final AtomicLong rowsCompared = new AtomicLong();
    private volatile int tableCount;

    public VerifyRunner(VerifyConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** How far it is; from any thread. */
    public VerifyProgress progress() {
        Duration elapsed = Duration.between(started, clock.instant());
        Duration eta = null;
        Instant from = compareStarted;
        long done = rowsCompared.get();
        if (from != null && done > 0) {
            double perMs =
                    done / (double) Math.max(1, Duration.between(from, clock.instant()).toMillis());
            long left = Math.max(0, rowsEstimated.get() - done);
            eta = Duration.ofMillis(Math.round(left / perMs));
        }
        return new VerifyProgress(
                phase,
                tableCount,
                chunksTotal.get(),
                chunksDone.get(),
                rowsEstimated.get(),
                done,
                differingChunks.get(),
                elapsed,
                eta);
    }

    public VerifyResult run() throws InterruptedException {
        try (TrustStores trust = new TrustStores()) {
            Connections source =
                    new Connections("source", config.source(), trust, config.networkTimeout());
            Connections target =
                    new Connections("target", config.target(), trust, config.networkTimeout());
            return run(source, target);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST
                            ? ErrorCode.CONNECTION
                            : ErrorCode.INTERNAL,
                    "verify could not read the servers: " + MySqlErrors.describe(e),
                    e);
        }
    }

    private VerifyResult run(Connections source, Connections target)
            throws SQLException, InterruptedException {
        List<SchemaDifference> schema = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<VerifyResult.TableResult> missing = new ArrayList<>();
        Map<String, TableComparison> tables = new LinkedHashMap<>();
        List<TableInfo> sourceTables = new ArrayList<>();
        ServerInfo sourceInfo;
        String sourceWrites;
        String targetWrites;
        List<String> compared;
        phase = "schema";
        try (Connection s = source.open("verify-catalog");
                Connection t = openTarget(target, "verify-catalog")) {
            sourceInfo = ServerInfo.read(s);
            ServerInfo targetInfo = ServerInfo.read(t);
            SchemaComparison definitions = new SchemaComparison(s, sourceInfo, t, targetInfo);
            compared = databases(s, t, schema, definitions);
            sourceWrites = WriteActivity.sample(s, compared);
            targetWrites =
                    WriteActivity.sample(t, compared.stream().map(definitions::onTarget).toList());
            for (String db : compared) {
                definitions.compare(db);
                Map<String, TableInfo> onTarget = new LinkedHashMap<>();
                new SourceCatalog(t)
                        .tables(definitions.onTarget(db))
                        .forEach(x -> onTarget.put(x.name(), x));
                for (TableInfo st : new SourceCatalog(s).tables(db)) {
                    TableInfo tt = onTarget.remove(definitions.onTarget(st.name()));
                    if (tt == null) {
                        missing.add(absent(st, VerifyResult.Outcome.MISSING_ON_TARGET));
                        continue;
                    }
                    sourceTables.add(st);
                    tables.put(st.qualifiedName(), TableComparison.of(st, tt));
                }
                onTarget.values()
                        .forEach(
                                tt ->
                                        missing.add(
                                                absent(
                                                        tt,
                                                        VerifyResult.Outcome.MISSING_ON_SOURCE)));
            }
            schema.addAll(definitions.differences());
            notes.addAll(definitions.notes());
        }
        tableCount = tables.size();
        tables.values().forEach(t -> rowsEstimated.addAndGet(t.estimatedRows));
        phase = "snapshot";
        int sessions = config.threads() + (config.threads() + 1) / 2;
        try (Snapshot snapshot =
                new SnapshotCoordinator(source, sourceInfo, MigrationHooks.NONE, clock)
                        .take(
                                config.consistency(),
                                config.threads(),
                                sessions,
                                sourceTables,
                                new SnapshotCoordinator.LockOptions(
                                        config.lockWaitTimeout(),
                                        dev.snapshift.api.MigrationConfig.DEFAULT_LONG_QUERY_GUARD,
                                        false,
                                        x -> false),
                                SnapshotCoordinator.UnderLock.NONE)) {
            if (snapshot.consistency() == ConsistencyMode.NONE) {
                notes.add(
                        "--consistency none: each source session read its own instant; under writes, chunks"
                                + " of one table may come from different moments");
            }
            sourceTables.stream()
                    .filter(t -> !"InnoDB".equalsIgnoreCase(t.engine()) && t.engine() != null)
                    .forEach(
                            t ->
                                    notes.add(
                                            t.qualifiedName()
                                                    + " ("
                                                    + t.engine()
                                                    + ") is not transactional: read when compared, not at the snapshot's instant"));
            phase = "plan";
            List<Work> work = plan(snapshot, tables);
            phase = "compare";
            compareStarted = clock.instant();
            compare(snapshot, target, work);
            phase = "re-check";
            boolean writesOnSource;
            boolean writesOnTarget;
            try (Connection s = source.open("verify-writes");
                    Connection t = openTarget(target, "verify-writes")) {
                String sourceNow = WriteActivity.sample(s, compared);
                String targetNow = WriteActivity.sample(t, compared);
                writesOnSource = !sourceNow.equals(sourceWrites);
                writesOnTarget = !targetNow.equals(targetWrites);
                LOG.info(
                        "writes while verify ran: source {} -> {}, target {} -> {}",
                        sourceWrites,
                        sourceNow,
                        targetWrites,
                        targetNow);
            }
            boolean fresh = false;
            if ((writesOnSource || writesOnTarget) && differingChunks.get() > 0) {
                fresh = recheck(source, target, tables.values());
            }
            phase = "differences";
            listDifferences(snapshot, source, target, tables.values(), fresh);
            if (writesOnSource || writesOnTarget) {
                notes.add(
                        "rows were written on the "
                                + (writesOnSource && writesOnTarget
                                        ? "source and the target"
                                        : writesOnSource ? "source" : "target")
                                + " while verify ran: a difference may be a change in flight (differing chunks"
                                + " were compared again "
                                + config.rechecks()
                                + " time(s), both sides read afresh)"
                                + (fresh
                                        ? "; differing rows are named as of the last re-check"
                                        : ""));
            }
            phase = "done";
            List<VerifyResult.TableResult> results = new ArrayList<>();
            tables.values().forEach(t -> results.add(t.result()));
            results.addAll(missing);
            return new VerifyResult(
                    snapshot.consistency().name(),
                    snapshot.coordinates(),
                    writesOnSource,
                    writesOnTarget,
                    results,
                    schema,
                    notes,
                    started,
                    clock.instant());
        }
    }

    /** A table present on one side only. */
    private static VerifyResult.TableResult absent(TableInfo t, VerifyResult.Outcome outcome) {
        return new VerifyResult.TableResult(
                t.database(),
                t.name(),
                outcome,
                outcome == VerifyResult.Outcome.MISSING_ON_TARGET ? t.estimatedRows() : 0,
                outcome == VerifyResult.Outcome.MISSING_ON_SOURCE ? t.estimatedRows() : 0,
                0,
                0,
                0,
                0,
                List.of(),
                outcome == VerifyResult.Outcome.MISSING_ON_TARGET
                        ? "the table is missing on the target (row count: the source's estimate)"
                        : "the table is only on the target (row count: the target's estimate)");
    }

    /**
     * The databases to compare: those asked for, or every non-system database of the source; one
     * missing on either side is a difference, not an error.
     */
    private List<String> databases(
            Connection s, Connection t, List<SchemaDifference> schema, SchemaComparison definitions)
            throws SQLException {
        List<String> onSource = names(s);
        List<String> onTarget = names(t);
        List<String> wanted = config.databases().isEmpty() ? onSource : config.databases();
        List<String> out = new ArrayList<>();
        for (String db : wanted) {
            if (SourceCatalog.SYSTEM_DATABASES.contains(db.toLowerCase(Locale.ROOT))) {
                throw new SnapshiftException(
                        ErrorCode.USAGE,
                        "database '" + db + "' is a system database; it is not compared");
            }
            boolean s1 = onSource.contains(db);
            boolean t1 = onTarget.contains(definitions.onTarget(db));
            if (!s1 && !t1) {
                schema.add(
                        new SchemaDifference(
                                "database " + db, "exists on neither the source nor the target"));
            } else if (!s1) {
                schema.add(new SchemaDifference("database " + db, "missing on the source"));
            } else if (!t1) {
                schema.add(new SchemaDifference("database " + db, "missing on the target"));
            } else {
                out.add(db);
            }
        }
        return out;
    }

    private static List<String> names(Connection c) throws SQLException {
        return Jdbc.query(
                        c,
                        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA",
                        rs -> rs.getString(1))
                .stream()
                .filter(n -> !SourceCatalog.SYSTEM_DATABASES.contains(n.toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** A read-only target connection that reads TIMESTAMPs in UTC, as the source's sessions do. */
    static Connection openTarget(Connections target, String purpose) throws SQLException {
        Connection c = target.open(purpose);
        try {
            Jdbc.execute(c, "SET SESSION TRANSACTION READ ONLY");
            Jdbc.execute(c, "SET time_zone = '+00:00', sql_mode = ''");
            return c;
        } catch (SQLException e) {
            Jdbc.closeQuietly(c, e);
            throw e;
        }
    }

    /** A plain source connection reading now (not the snapshot), in UTC. */
    private static Connection openFreshSource(Connections source) throws SQLException {
        Connection c = source.open("verify-recheck");
        try {
            Jdbc.execute(c, "SET time_zone = '+00:00'");
            return c;
        } catch (SQLException e) {
            Jdbc.closeQuietly(c, e);
            throw e;
        }
    }

    /** One chunk of one table to compare. */
    private record Work(TableComparison table, Chunk chunk) {}

    private List<Work> plan(Snapshot snapshot, Map<String, TableComparison> tables)
            throws SQLException {
        ChunkPlanner planner = new ChunkPlanner(config.chunkRows(), config.chunkBytes());
        SnapshotSession s = live(snapshot);
        List<TableComparison> ordered = new ArrayList<>(tables.values());
        ordered.sort((a, b) -> Long.compare(b.table.dataLength(), a.table.dataLength()));
        List<Work> out = new ArrayList<>();
        for (TableComparison t : ordered) {
            try {
                for (Chunk c : planner.plan(t.table, s.connection())) {
                    out.add(new Work(t, c));
                }
            } catch (SQLException e) {
                if (!s.isAlive()) {
                    throw e;
                }
                t.notCompared("planning failed: " + MySqlErrors.describe(e));
            }
        }
        chunksTotal.set(out.size());
        return out;
    }

    private static SnapshotSession live(Snapshot snapshot) {
        SnapshotSession s = snapshot.liveSession();
        if (s == null) {
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT, "every source session of the snapshot was lost");
        }
        return s;
    }

    /** The chunks, compared by {@code threads} workers, each with its snapshot session. */
    private void compare(Snapshot snapshot, Connections target, List<Work> work)
            throws InterruptedException {
        ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>(work);
        ExecutorService pool = Threads.fixed("snapshift-verify", snapshot.workers());
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < snapshot.workers(); i++) {
            int index = i;
            workers.add(
                    pool.submit(
                            () -> {
                                worker(snapshot, snapshot.workerSession(index), target, queue);
                                return null;
                            }));
        }
        try {
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SnapshiftException se) {
                        throw se;
                    }
                    throw new SnapshiftException(
                            ErrorCode.INTERNAL,
                            "a verify worker failed: " + e.getCause(),
                            e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Attempts at a chunk when the target connection is lost. */
    static final int TARGET_ATTEMPTS = 3;

    private void worker(
            Snapshot snapshot,
            SnapshotSession session,
            Connections target,
            ConcurrentLinkedQueue<Work> queue)
            throws InterruptedException {
        Connection out = null;
        try {
            Work w;
            while ((w = queue.poll()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                int targetAttempts = 0;
                while (true) {
                    try {
                        if (session.state() != SnapshotSession.State.IN_SNAPSHOT) {
                            session = spare(snapshot);
                        }
                        if (out == null) {
                            out = openTarget(target, "verify");
                        }
                        compareChunk(w, session.connection(), out);
                        break;
                    } catch (SQLException e) {
                        boolean sourceLost = !session.isAlive();
                        boolean targetLost =
                                !sourceLost
                                        && MySqlErrors.classify(e)
                                                == MySqlErrors.Kind.CONNECTION_LOST;
                        if (sourceLost) {
                            LOG.warn(
                                    "{}: source session lost ({}); continuing on a spare",
                                    w.chunk(),
                                    MySqlErrors.describe(e));
                            session.markLost();
                            continue;
                        }
                        if (targetLost && ++targetAttempts < TARGET_ATTEMPTS) {
                            LOG.warn(
                                    "{}: target connection lost ({}); reconnecting",
                                    w.chunk(),
                                    MySqlErrors.describe(e));
                            Jdbc.closeQuietly(out, null);
                            out = null;
                            continue;
                        }
                        w.table().notCompared(MySqlErrors.describe(e));
                        break;
                    }
                }
                chunksDone.incrementAndGet();
            }
        } finally {
            Jdbc.closeQuietly(out, null);
        }
    }

    private static SnapshotSession spare(Snapshot snapshot) {
        SnapshotSession s = snapshot.takeSpare();
        if (s == null) {
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT,
                    "every source session of the snapshot was lost: the point in time is gone; run verify again");
        }
        return s;
    }

    /**
     * Compares one chunk: a range in one go; a keyset walk page by page, each page's end read on
     * the source (its {@code rows}-th key); a table without a key whole. A range table's first
     * chunk starts at the smallest key and its last ends at the largest, so target rows beyond the
     * source's keys are counted too.
     */
    private void compareChunk(Work w, Connection source, Connection target) throws SQLException {
        if (w.table().failed()) {
            return;
        }
        Chunk c = w.chunk();
        TableInfo t = w.table().table;
        switch (c.mode()) {
            case WHOLE -> comparePage(w.table(), PageRange.whole(t), source, target);
            case RANGE ->
                    comparePage(
                            w.table(),
                            new PageRange(
                                    t,
                                    c.index() == 0 ? null : new byte[][] {ascii(c.lower())},
                                    true,
                                    c.index() == c.of() - 1
                                            ? null
                                            : new byte[][] {ascii(c.upper())},
                                    c.toString()),
                            source,
                            target);
            case KEYSET -> {
                byte[][] after = null;
                while (true) {
                    byte[][] end = KeysetBoundary.next(source, t, after, c.rows());
                    comparePage(
                            w.table(),
                            new PageRange(t, after, false, end, c.toString()),
                            source,
                            target);
                    if (end == null) {
                        return;
                    }
                    after = end;
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void comparePage(
            TableComparison t, PageRange range, Connection source, Connection target)
            throws SQLException {
        PageCheck.Digest s = RangeDigests.digest(source, range, t.columns());
        PageCheck.Digest x = RangeDigests.digest(target, range, t.columns());
        t.compared(range, s, x);
        rowsCompared.addAndGet(s.rows());
        if (!s.equals(x)) {
            differingChunks.incrementAndGet();
            LOG.info(
                    "{}: source {} rows, target {} rows, digests differ",
                    range,
                    s.rows(),
                    x.rows());
        }
    }

    /**
     * Writes were seen: each differing range is compared again a few times, both sides read now,
     * waiting longer each time. Returns whether any re-check ran.
     */
    private boolean recheck(
            Connections source, Connections target, Iterable<TableComparison> tables)
            throws SQLException, InterruptedException {
        boolean any = false;
        try (Connection s = openFreshSource(source);
                Connection t = openTarget(target, "verify-recheck")) {
            Duration delay = config.recheckDelay();
            for (int round = 0; round < config.rechecks(); round++) {
                boolean left = false;
                for (TableComparison tc : tables) {
                    left |= !tc.differing().isEmpty();
                }
                if (!left) {
                    break;
                }
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2);
                for (TableComparison tc : tables) {
                    for (PageRange r : tc.differing()) {
                        any = true;
                        if (RangeDigests.digest(s, r, tc.columns())
                                .equals(RangeDigests.digest(t, r, tc.columns()))) {
                            LOG.info(
                                    "{}: equal on re-check {}: the difference was in flight",
                                    r,
                                    round + 1);
                            tc.settled(r);
                        }
                    }
                }
            }
        }
        return any;
    }

    /**
     * Names the differing rows of each table (the first {@code maxKeys}, all counted), on a session
     * of the snapshot, or, after re-checks, on the source as it is now.
     */
    private void listDifferences(
            Snapshot snapshot,
            Connections source,
            Connections target,
            Iterable<TableComparison> tables,
            boolean fresh)
            throws SQLException {
        Connection freshSource = null;
        try (Connection t = openTarget(target, "verify-differences")) {
            Connection s;
            if (fresh) {
                freshSource = openFreshSource(source);
                s = freshSource;
            } else {
                s = live(snapshot).connection();
            }
            for (TableComparison tc : tables) {
                for (PageRange r : tc.differing()) {
                    tc.differences(
                            RangeDigests.differences(s, t, r, tc.columns(), config.maxKeys()),
                            config.maxKeys());
                }
            }
        } finally {
            Jdbc.closeQuietly(freshSource, null);
        }
    }
}
