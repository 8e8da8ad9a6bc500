package dev.snapshift.internal;

import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.Status;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.api.Transformation;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.copy.AmbiguousValues;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.schema.Accounts;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.DeferredIndexes;
import dev.snapshift.internal.schema.ObjectCreator;
import dev.snapshift.internal.schema.ObjectKind;
import dev.snapshift.internal.schema.ObjectOrder;
import dev.snapshift.internal.schema.ObjectReader;
import dev.snapshift.internal.schema.SchemaObject;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TableShaper;
import dev.snapshift.internal.schema.TargetSchema;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once the data is in: secondary indexes (one ALTER per table), foreign keys (checks
 * off: the rows came from one snapshot), the source's AUTO_INCREMENT counters, ENUM/SET values the
 * copy could not carry as text, then the views, routines, triggers and events of every migrated
 * database.
 *
 * <p>Everything it needs from the source is read in the schema phase ({@link #readSource}), on a
 * session of the snapshot, and kept here: {@link #run} needs no source connection, so losing source
 * sessions after the copy costs nothing. The schema phase also records here what it deferred.
 */
final class FinishPhase {
    private static final Logger LOG = LoggerFactory.getLogger(FinishPhase.class);

    private final StateTracker tracker;
    private final Clock clock;
    private final Map<TableInfo, DeferredIndexes> deferred = new ConcurrentHashMap<>();
    private final Map<TableInfo, Long> autoIncrements = new ConcurrentHashMap<>();

    private final boolean skipBinlog;

    /**
     * Online runs create triggers only at cutover: until then every change the catch-up applies
     * would fire them a second time (their effects are in the binary log as rows already).
     */
    private final boolean deferTriggers;

    /** Views, routines, triggers and events as read in the snapshot. */
    private volatile List<SchemaObject> objects = List.of();

    /** ENUM/SET values to set by key after the copy. */
    private volatile List<AmbiguousValues> ambiguous = List.of();

    FinishPhase(StateTracker tracker, Clock clock, boolean skipBinlog) {
        this(tracker, clock, skipBinlog, TargetOptions.DEFAULTS, false);
    }

    /**
     * @param options how views, routines, triggers and events get their definer on the target, and
     *     which of them are selected
     * @param deferTriggers triggers are left for the cutover (an online run: until then they would
     *     fire again for every change the catch-up applies)
     */
    FinishPhase(
            StateTracker tracker,
            Clock clock,
            boolean skipBinlog,
            TargetOptions options,
            boolean deferTriggers) {
        this.deferTriggers = deferTriggers;
        this.skipBinlog = skipBinlog;
        this.tracker = tracker;
        this.clock = clock;
        this.definers = options.definers();
        this.options = options;
    }

    private final DefinerPolicy definers;
    private final TargetOptions options;

    /** Accounts and roles selected by --users, as read on the source. */
    private volatile List<Accounts.Account> accounts = List.of();

    /**
     * A table created without its secondary indexes and foreign keys, from the source's CREATE
     * statement.
     */
    void deferred(TableInfo table, DeferredIndexes split, String sourceCreate) {
        deferred.put(table, split);
        TargetSchema.autoIncrement(sourceCreate).ifPresent(v -> autoIncrements.put(table, v));
    }

    /** A restart from a new snapshot: the tables recorded so far were dropped. */
    void clear() {
        deferred.clear();
        autoIncrements.clear();
        objects = List.of();
        ambiguous = List.of();
        accounts = List.of();
    }

    /**
     * Reads what the finish phase needs from the source, on a session of the snapshot, once per
     * attempt, before the copy: the definitions of every view, routine, trigger and event of {@code
     * databases} (registered as QUEUED, so the report lists each), and the rows of {@code tables}
     * whose ENUM/SET value the copy cannot carry as text. Runs nothing that would end the
     * snapshot's transaction.
     */
    void readSource(
            Connection snapshotSession, List<DatabaseInfo> databases, List<TableInfo> tables)
            throws SQLException {
        // reads only, recorded at the end: a read cut by a lost session simply runs again on
        // another session
        List<String> names = databases.stream().map(DatabaseInfo::name).toList();
        List<SchemaObject> read =
                ObjectReader.read(snapshotSession, names).stream()
                        .filter(
                                o ->
                                        options.selects(o.database(), o.name())
                                                && (o.table() == null
                                                        || options.selects(
                                                                o.database(), o.table())))
                        .toList();
        List<AmbiguousValues> values = AmbiguousValues.read(snapshotSession, tables);
        tracker.objects(
                read.stream()
                        .map(
                                o ->
                                        new ObjectState(
                                                o.database(),
                                                o.kind().keyword(),
                                                o.name(),
                                                Status.QUEUED,
                                                o.sqlMode(),
                                                null,
                                                o.definer(),
                                                null,
                                                List.of(),
                                                null))
                        .toList());
        objects = read;
        ambiguous = values;
        accounts = Accounts.read(snapshotSession, options);
        LOG.info(
                "{} view(s), routine(s), trigger(s) and event(s) read in the snapshot",
                read.size());
    }

    /**
     * Builds indexes of tables as their copy completes, while others still load: up to as many
     * builds at once as the copy has workers, each on a target session of its own (opened when a
     * build first needs it, reused by the next). One builder made the builds a queue: tables whose
     * copies end close together (the usual case: their chunks interleave) waited for each other
     * after the copy, a tail of one build after another.
     */
    private ExecutorService builder;

    private volatile Connections builderTarget;
    private final java.util.Deque<Connection> idleSessions =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final List<Connection> builderSessions =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<TableInfo> indexed = ConcurrentHashMap.newKeySet();

    /**
     * The copy starts: indexes of each copied table are built from now on, overlapping the copy of
     * the others, at most {@code builders} at once.
     */
    void startIndexBuilds(Connections target, int builders) {
        indexed.clear();
        builderTarget = target;
        builder = Threads.fixed("snapshift-indexes", Math.max(1, builders));
    }

    /** The last chunk of {@code table} committed. */
    void tableCopied(TableInfo table) {
        if (builder != null
                && deferred.containsKey(table)
                && !deferred.get(table).indexes().isEmpty()) {
            builder.execute(() -> build(table));
        }
    }

    private void build(TableInfo table) {
        Connection session = idleSessions.pollFirst();
        if (session == null) {
            try {
                session = TargetSession.prepare(builderTarget.open(), skipBinlog);
                builderSessions.add(session);
            } catch (SQLException | RuntimeException e) {
                LOG.warn(
                        "{}: no session for its early index build ({}); its indexes are built after"
                                + " the copy",
                        table.qualifiedName(),
                        e.getMessage());
                return;
            }
        }
        try {
            if (indexed.add(table)) {
                addIndexes(new TargetSchema(session), table, deferred.get(table));
            }
        } finally {
            idleSessions.addFirst(session);
        }
    }

    /**
     * Waits for the index builds in progress ({@code finish}: the copy is over) or stops them (the
     * copy is abandoned; its tables are about to be dropped).
     */
    void endIndexBuilds(boolean finish) throws InterruptedException {
        if (builder == null) {
            return;
        }
        if (finish) {
            builder.shutdown();
            // an index build on a big table takes as long as it takes: wait for it, saying so now
            // and then
            long minutes = 0;
            while (!builder.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.info("still building secondary indexes ({} min)", ++minutes);
            }
        } else {
            // a session still being opened must not be left behind; a running ALTER ends when its
            // session closes
            Threads.stopNow(builder, Duration.ofSeconds(5), "the index builder");
        }
        for (Connection c : builderSessions) {
            Jdbc.closeQuietly(c, null);
        }
        builderSessions.clear();
        idleSessions.clear();
        builder = null;
    }

    /**
     * Indexes, foreign keys and counters of the copied tables, ENUM/SET values set right, then
     * every view, routine, trigger and event. One object that cannot be created stops no other: all
     * that can be are created, then the run fails (COPY) naming each object that could not be, with
     * its own error; the state lists every object's outcome.
     */
    void run(Connections target) {
        // a prepared session: should the server rebuild a table, a 0 in the AUTO_INCREMENT column
        // must stay 0
        try (Connection c = TargetSession.prepare(target.open(), skipBinlog)) {
            TargetSchema schema = new TargetSchema(c);
            addIndexes(schema);
            addForeignKeys(schema);
            for (Map.Entry<TableInfo, Long> e : autoIncrements.entrySet()) {
                if (schema.setAutoIncrement(e.getKey(), e.getValue())) {
                    LOG.info(
                            "{}: AUTO_INCREMENT set back to {}",
                            e.getKey().qualifiedName(),
                            e.getValue());
                }
            }
            setAmbiguousValues(c);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY, "finishing the target failed: " + MySqlErrors.describe(e), e);
        }
        List<ObjectState> failedAccounts = createAccounts(target);
        createObjects(target);
        if (!failedAccounts.isEmpty()) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    failedAccounts.size()
                            + " of "
                            + accounts.size()
                            + " accounts and roles could not be created on the target (every other"
                            + " one was): "
                            + String.join(
                                    "; ",
                                    failedAccounts.stream()
                                            .map(s -> s.label() + ": " + s.error())
                                            .toList()));
        }
    }

    /**
     * The accounts and roles of --users, before the objects whose definers they may be; returns
     * those that failed.
     */
    private List<ObjectState> createAccounts(Connections target) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        List<ObjectState> states;
        try (Connection c = TargetSession.prepare(target.open("accounts"), skipBinlog)) {
            c.setAutoCommit(true);
            states = Accounts.create(c, accounts, tracker::transformed);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "creating the accounts on the target failed: " + MySqlErrors.describe(e),
                    e);
        }
        states.forEach(tracker::object);
        states.forEach(s -> s.notes().forEach(n -> LOG.info("{}: {}", s.label(), n)));
        LOG.info(
                "{} of {} account(s) and role(s) created",
                states.stream().filter(s -> s.status() == Status.COMPLETED).count(),
                states.size());
        return states.stream().filter(s -> s.status() == Status.FAILED).toList();
    }

    /** A table whose values cannot be set right fails alone; the others, and the objects, go on. */
    private void setAmbiguousValues(Connection c) throws SQLException {
        for (AmbiguousValues v : ambiguous) {
            TableInfo t = v.table();
            if (tracker.status(t.database(), t.name()) != Status.COMPLETED) {
                continue;
            }
            if (v.problem() != null) {
                tracker.failed(t.database(), t.name(), v.problem());
                continue;
            }
            try {
                int set = v.apply(c);
                c.commit();
                if (set != v.keys().size()) {
                    tracker.failed(
                            t.database(),
                            t.name(),
                            "setting "
                                    + v.keys().size()
                                    + " ENUM/SET value(s) of"
                                    + " column "
                                    + v.column().name()
                                    + " by key found "
                                    + set
                                    + " row(s)");
                } else {
                    LOG.info(
                            "{}.{}: {} value(s) set by key",
                            t.qualifiedName(),
                            v.column().name(),
                            set);
                }
            } catch (SQLException e) {
                if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                    throw e;
                }
                c.rollback();
                tracker.failed(
                        t.database(),
                        t.name(),
                        "setting ENUM/SET values of column "
                                + v.column().name()
                                + " by key failed: "
                                + MySqlErrors.describe(e));
            }
        }
    }

    /** The collation map for the target (the collations it knows are read once). */
    private TableShaper collations(Connections target) {
        try (Connection c = target.open("collations")) {
            return TableShaper.forTarget(c, options, tracker::transformed);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "reading the target's collations failed: " + MySqlErrors.describe(e),
                    e);
        }
    }

    private void createObjects(Connections target) {
        List<SchemaObject> now = objects;
        if (deferTriggers) {
            now = objects.stream().filter(o -> o.kind() != ObjectKind.TRIGGER).toList();
            objects.stream()
                    .filter(o -> o.kind() == ObjectKind.TRIGGER)
                    .forEach(
                            o ->
                                    tracker.object(
                                            new ObjectState(
                                                    o.database(),
                                                    o.kind().keyword(),
                                                    o.name(),
                                                    Status.QUEUED,
                                                    o.sqlMode(),
                                                    null,
                                                    o.definer(),
                                                    null,
                                                    List.of(
                                                            "created at cutover: until then it would fire again"
                                                                    + " for every change the catch-up applies"),
                                                    null)));
        }
        if (now.isEmpty()) {
            return;
        }
        Map<SchemaObject, ObjectState> results;
        try (ObjectCreator creator =
                new ObjectCreator(target, skipBinlog, definers, collations(target))) {
            results =
                    ObjectOrder.createAll(
                            now, o -> create(creator, o), s -> s.status() == Status.COMPLETED);
        } catch (TargetLost e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "the target connection was lost twice while creating the"
                            + " views, routines, triggers and events: "
                            + MySqlErrors.describe(e.lost),
                    e.lost);
        }
        List<ObjectState> failed =
                results.values().stream().filter(s -> s.status() == Status.FAILED).toList();
        for (ObjectState s : results.values()) {
            tracker.object(s);
            if (s.definerChanged()) {
                tracker.transformed(
                        new Transformation(
                                "definer",
                                s.label(),
                                s.definer(),
                                s.targetDefiner(),
                                "--definers " + definers.cliName()));
            }
            s.notes().forEach(n -> LOG.warn("{}: {}", s.label(), n));
        }
        LOG.info(
                "{} of {} view(s), routine(s), trigger(s) and event(s) created",
                results.size() - failed.size(),
                results.size());
        if (!failed.isEmpty()) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    failed.size()
                            + " of "
                            + results.size()
                            + " views,"
                            + " routines, triggers and events could not be created on the target (every other one was): "
                            + String.join(
                                    "; ",
                                    failed.stream()
                                            .map(s -> s.label() + ": " + s.error())
                                            .toList()));
        }
    }

    /**
     * A lost target connection (the only failure {@link ObjectCreator} throws): once more on a new
     * connection.
     */
    private static ObjectState create(ObjectCreator creator, SchemaObject o) {
        try {
            return creator.create(o);
        } catch (SQLException first) {
            LOG.warn(
                    "target connection lost while creating {} ({}); once more on a new connection",
                    o.label(),
                    MySqlErrors.describe(first));
            try {
                return creator.create(o);
            } catch (SQLException again) {
                throw new TargetLost(again);
            }
        }
    }

    private static final class TargetLost extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SQLException lost;

        TargetLost(SQLException lost) {
            super(lost);
            this.lost = lost;
        }
    }

    /** Indexes of the tables the copy did not hand over early. */
    private void addIndexes(TargetSchema schema) {
        for (Map.Entry<TableInfo, DeferredIndexes> e : deferred.entrySet()) {
            if (indexed.add(e.getKey())) {
                addIndexes(schema, e.getKey(), e.getValue());
            }
        }
    }

    private void addIndexes(TargetSchema schema, TableInfo t, DeferredIndexes split) {
        if (tracker.status(t.database(), t.name()) != Status.COMPLETED
                || split.indexes().isEmpty()) {
            return;
        }
        try {
            long start = clock.millis();
            schema.addIndexes(t, split.indexes());
            LOG.info(
                    "{}: {} secondary index(es) built in {} ms",
                    t.qualifiedName(),
                    split.indexes().size(),
                    clock.millis() - start);
        } catch (SQLException ex) {
            tracker.failed(
                    t.database(),
                    t.name(),
                    "adding its indexes failed: " + MySqlErrors.describe(ex));
        }
    }

    private void addForeignKeys(TargetSchema schema) {
        for (Map.Entry<TableInfo, DeferredIndexes> e : deferred.entrySet()) {
            TableInfo t = e.getKey();
            try {
                schema.addForeignKeys(t, e.getValue().foreignKeys());
            } catch (SQLException ex) {
                tracker.failed(
                        t.database(),
                        t.name(),
                        "adding its foreign keys failed: " + MySqlErrors.describe(ex));
            }
        }
    }
}
