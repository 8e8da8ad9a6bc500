package dev.snapshift.internal;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.copy.CopyEngine;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.DeferredIndexes;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TableShaper;
import dev.snapshift.internal.schema.TargetCleaner;
import dev.snapshift.internal.schema.TargetSchema;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotReads;
import dev.snapshift.internal.state.StateTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The schema as of the snapshot: read inside it (a session lost meanwhile is replaced by another of
 * the same point in time: reads only, so a read simply runs again), then created on the target with
 * the primary key only (secondary indexes and foreign keys are deferred to {@link FinishPhase}; a
 * small table keeps its secondary indexes, see {@link #INLINE_INDEXES_BELOW}). Remembers what it
 * created, so that a restart from a new snapshot can drop it first. Source failures and target
 * failures are told apart in the messages.
 */
final class SchemaPhase {
    private final MigrationConfig config;
    private final StateTracker tracker;
    private final MigrationHooks hooks;
    private final FinishPhase finish;

    /** Tables this run created on the target (dropped again before a restart). */
    private final List<TableInfo> created = new CopyOnWriteArrayList<>();

    SchemaPhase(
            MigrationConfig config,
            StateTracker tracker,
            MigrationHooks hooks,
            FinishPhase finish) {
        this.config = config;
        this.tracker = tracker;
        this.hooks = hooks;
        this.finish = finish;
    }

    /** A target session of the schema, with the load sessions' settings; closed if they fail. */
    private Connection openSession(Connections target) throws SQLException {
        Connection c = target.open(PURPOSE);
        try {
            return TargetSession.prepare(c, config.skipTargetBinlog());
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(c, null);
            throw e;
        }
    }

    /**
     * Where {@link #create}'s target sessions go when it is done with them: up to {@code upTo} are
     * handed over to the copy's workers ({@link CopyEngine#TARGET_PURPOSE}, {@link
     * Connections#handOver}), rolled back first, as new ones; the others, and all of them after a
     * failure, are closed.
     */
    private record Release(Connections target, int upTo, AtomicInteger given) {
        void done(Connection c, boolean ok) {
            if (c == null) {
                return;
            }
            if (ok && given.incrementAndGet() <= upTo) {
                try {
                    c.rollback();
                    target.handOver(CopyEngine.TARGET_PURPOSE, c);
                    return;
                } catch (SQLException e) {
                    // closed below; the copy opens one of its own
                }
            }
            Jdbc.closeQuietly(c, null);
        }
    }

    /** A table and its CREATE statement, as of the snapshot. */
    private record TableDdl(TableInfo table, String create) {}

    /**
     * One database as of the snapshot: every base table, and the CREATE statements of those to
     * create.
     */
    private record SourceSchema(
            DatabaseInfo database, List<TableInfo> tables, List<TableDdl> creates) {}

    /**
     * Reads the tables as of the snapshot, then creates them on the target; returns those left to
     * copy (not copied under the lock already, not skipped). Once the tables exist, up to {@code
     * handOver} of its target sessions go on to the copy's first workers instead of being closed
     * (no TLS handshake between a worker's first chunk and its first rows).
     */
    List<TableInfo> create(
            List<DatabaseInfo> databases,
            Snapshot snapshot,
            Connections target,
            List<TableInfo> alreadyCopied,
            int handOver) {
        Release release = new Release(target, handOver, new AtomicInteger());
        List<SourceSchema> schemas =
                read(
                        databases,
                        snapshot,
                        t ->
                                alreadyCopied.stream()
                                                .noneMatch(
                                                        c ->
                                                                c.database().equals(t.database())
                                                                        && c.name()
                                                                                .equals(t.name()))
                                        && !NonTransactional.skip(
                                                t, config, snapshot.consistency()));
        for (SourceSchema d : schemas) {
            tracker.tables(
                    d.database().name(),
                    d.tables().stream().map(TableInfo::name).toList(),
                    d.tables().stream().map(TableInfo::estimatedRows).toList());
            for (TableInfo t : d.tables()) {
                if (NonTransactional.skip(t, config, snapshot.consistency())) {
                    tracker.skipped(
                            t.database(),
                            t.name(),
                            "non-transactional ("
                                    + t.engine()
                                    + "): skipped by --non-transactional=skip");
                }
            }
        }
        List<TableInfo> all = new ArrayList<>();
        Connection ddl = null;
        boolean ok = false;
        try {
            ddl = openSession(target);
            TargetSchema schema = new TargetSchema(ddl);
            TableShaper shaper =
                    TableShaper.forTarget(ddl, config.targetOptions(), tracker::transformed);
            for (SourceSchema d : schemas) {
                List<TableInfo> toCreate = d.creates().stream().map(TableDdl::table).toList();
                if (config.cleanTarget()) {
                    TargetCleaner.dropSelected(
                            ddl,
                            toCreate); // tables that appeared on the source since the preflight
                }
                schema.requireAbsent(toCreate);
                schema.createDatabase(shaper.shape(d.database()));
                List<DeferredIndexes> splits = new ArrayList<>();
                for (TableDdl t : d.creates()) {
                    splits.add(split(shaper, t, deferIndexes(t.table())));
                }
                createTables(target, release, schema, d.creates(), splits);
                all.addAll(toCreate);
            }
            ok = true;
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "creating the schema on the target failed: " + MySqlErrors.describe(e),
                    e);
        } finally {
            release.done(ddl, ok);
        }
        return all;
    }

    /**
     * A run resumed after its process was killed ({@code migrate --resume}): the tables it created
     * are on the target already and are adopted as they are (their deferred indexes and foreign
     * keys worked out from the source's definitions as of this snapshot); any that is missing is
     * created. Returns the tables to copy.
     */
    List<TableInfo> adopt(List<DatabaseInfo> databases, Snapshot snapshot, Connections target) {
        List<SourceSchema> schemas =
                read(
                        databases,
                        snapshot,
                        t -> !NonTransactional.skip(t, config, snapshot.consistency()));
        List<TableInfo> all = new ArrayList<>();
        try (Connection ddl =
                TargetSession.prepare(target.open(PURPOSE), config.skipTargetBinlog())) {
            TargetSchema schema = new TargetSchema(ddl);
            TableShaper shaper =
                    TableShaper.forTarget(ddl, config.targetOptions(), tracker::transformed);
            for (SourceSchema d : schemas) {
                java.util.Set<String> present = new java.util.HashSet<>();
                schema.tablesIn(List.of(d.database().name()))
                        .values()
                        .forEach(
                                names ->
                                        names.forEach(
                                                n ->
                                                        present.add(
                                                                n.toLowerCase(
                                                                        java.util.Locale.ROOT))));
                schema.createDatabase(shaper.shape(d.database()));
                for (TableDdl t : d.creates()) {
                    // always split as the first run may have: an index the table already has is
                    // not added again, one it lacks is
                    DeferredIndexes split = split(shaper, t, true);
                    if (!present.contains(t.table().name().toLowerCase(java.util.Locale.ROOT))) {
                        schema.createTable(t.table(), split.createTable());
                    }
                    finish.deferred(t.table(), split, t.create());
                    created.add(t.table());
                    all.add(t.table());
                }
            }
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "adopting the resumed run's tables on the target failed: "
                            + MySqlErrors.describe(e),
                    e);
        }
        return all;
    }

    /**
     * Under the lock: creates the non-transactional tables (which the snapshot does not cover, but
     * the lock holds still) with their full definition; returns them, for the copy that follows
     * while the lock is held.
     */
    List<TableInfo> createNonTransactional(
            List<DatabaseInfo> databases, Snapshot snapshot, Connections target) {
        List<SourceSchema> schemas =
                read(databases, snapshot, NonTransactional::isNonTransactional);
        List<TableInfo> out = new ArrayList<>();
        try (Connection ddl =
                TargetSession.prepare(target.open(PURPOSE), config.skipTargetBinlog())) {
            TargetSchema schema = new TargetSchema(ddl);
            TableShaper shaper =
                    TableShaper.forTarget(ddl, config.targetOptions(), tracker::transformed);
            for (SourceSchema d : schemas) {
                if (d.creates().isEmpty()) {
                    continue;
                }
                schema.createDatabase(shaper.shape(d.database()));
                for (TableDdl t : d.creates()) {
                    schema.createTable(t.table(), shaper.apply(t.table(), t.create()));
                    created.add(t.table());
                    out.add(t.table());
                }
            }
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "creating non-transactional tables on the target failed: "
                            + MySqlErrors.describe(e),
                    e);
        }
        return out;
    }

    /**
     * Drops every table this run created on the target, so that the next attempt starts from an
     * empty target.
     */
    void dropCreated(Connections target) {
        try (Connection c = target.open(PURPOSE)) {
            new TargetSchema(c).dropCreated(created);
            created.clear();
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "could not drop the partial copy on the target before restarting: "
                            + MySqlErrors.describe(e),
                    e);
        }
    }

    /**
     * Each database's tables, and the CREATE statements of those {@code create} selects, read
     * inside the snapshot.
     */
    private List<SourceSchema> read(
            List<DatabaseInfo> databases, Snapshot snapshot, Predicate<TableInfo> create) {
        SnapshotReads reads = new SnapshotReads(snapshot, hooks);
        List<SourceSchema> out = new ArrayList<>();
        SourceCatalog.Tablespaces files =
                reads.read(
                        "read the tables' sizes",
                        Checkpoint.SCHEMA_READING,
                        c ->
                                new SourceCatalog(c)
                                        .tablespaces(
                                                databases.stream()
                                                        .map(DatabaseInfo::name)
                                                        .toList()));
        for (DatabaseInfo d : databases) {
            List<TableInfo> tables =
                    reads.read(
                            "read the schema of " + d.name(),
                            Checkpoint.SCHEMA_READING,
                            c ->
                                    new SourceCatalog(c)
                                            .tables(d.name(), files).stream()
                                                    .filter(
                                                            t ->
                                                                    config.targetOptions()
                                                                            .selects(
                                                                                    t.database(),
                                                                                    t.name()))
                                                    .toList());
            List<TableInfo> toCreate = tables.stream().filter(create).toList();
            // the CREATE statements on several sessions at once: one round trip per table
            List<SnapshotReads.Outcome<String>> ddl =
                    reads.readEach(
                            toCreate,
                            snapshot.workers(),
                            t -> "read the schema of " + d.name(),
                            Checkpoint.SCHEMA_READING,
                            (t, c) -> new SourceCatalog(c).showCreateTable(d.name(), t.name()));
            List<TableDdl> creates = new ArrayList<>();
            for (int i = 0; i < toCreate.size(); i++) {
                if (ddl.get(i).refused() != null) {
                    throw ddl.get(i).refused();
                }
                creates.add(new TableDdl(toCreate.get(i), ddl.get(i).value()));
            }
            out.add(new SourceSchema(d, tables, creates));
        }
        return out;
    }

    /**
     * The table's statement as the target gets it, its foreign keys and (with {@code deferIndexes})
     * its secondary indexes set apart for later.
     */
    private static DeferredIndexes split(TableShaper shaper, TableDdl t, boolean deferIndexes) {
        return DeferredIndexes.split(
                shaper.apply(t.table(), t.create()),
                t.table().columns().stream()
                        .filter(c -> c.autoIncrement())
                        .map(c -> c.name())
                        .findFirst()
                        .orElse(null),
                deferIndexes);
    }

    /**
     * Below this size (InnoDB's data_length as of the snapshot), or below one chunk, a table is
     * created with its secondary indexes: an ALTER TABLE has a fixed cost (a new index, data
     * dictionary writes, file syncs) of 20 ms to a second per table, measured, far more than
     * maintaining the index row by row for so few rows. A database of many small tables spent most
     * of its copy in those ALTERs.
     */
    static final long INLINE_INDEXES_BELOW = 8L << 20;

    private boolean deferIndexes(TableInfo t) {
        return t.dataLength() >= Math.min(INLINE_INDEXES_BELOW, config.chunkBytes());
    }

    /**
     * Creates the tables, up to {@link #CREATORS} at a time, each creator on a target session of
     * its own ({@code schema}'s session is one of them): a CREATE TABLE waits on the target's file
     * and data-dictionary writes, so one after the other made a database of hundreds of tables
     * spend seconds here. Each table is recorded (created, deferred indexes) as soon as it exists;
     * the first failure stops the others and is thrown.
     */
    private void createTables(
            Connections target,
            Release release,
            TargetSchema schema,
            List<TableDdl> creates,
            List<DeferredIndexes> splits)
            throws SQLException {
        // MariaDB's sequences first, one after the other: a table's DEFAULT may call NEXTVAL on
        // one, and its CREATE fails if the sequence does not exist yet (created at the same time by
        // another creator is not soon enough)
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < creates.size(); i++) {
            TableDdl t = creates.get(i);
            if (t.table().type() == TableInfo.Type.SEQUENCE) {
                schema.createTable(t.table(), splits.get(i).createTable());
                finish.deferred(t.table(), splits.get(i), t.create());
                created.add(t.table());
            } else {
                order.add(i);
            }
        }
        int creators = Math.min(CREATORS, order.size());
        java.util.concurrent.atomic.AtomicInteger next =
                new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Consumer<TargetSchema> work =
                s -> {
                    int n;
                    while (failed.get() == null && (n = next.getAndIncrement()) < order.size()) {
                        int i = order.get(n);
                        TableDdl t = creates.get(i);
                        try {
                            s.createTable(t.table(), splits.get(i).createTable());
                        } catch (RuntimeException e) {
                            failed.compareAndSet(null, e);
                            return;
                        }
                        finish.deferred(t.table(), splits.get(i), t.create());
                        created.add(t.table());
                    }
                };
        List<Thread> helpers = new ArrayList<>();
        try {
            for (int h = 1; h < creators; h++) {
                helpers.add(
                        Threads.start(
                                "snapshift-schema-" + h,
                                () -> {
                                    Connection c;
                                    try {
                                        c = openSession(target);
                                    } catch (SQLException | RuntimeException e) {
                                        return; // the others create its share
                                    }
                                    // each helper closes (or hands over) its own session as it
                                    // ends: the closes (a round trip or two each) run at once,
                                    // not one after the other
                                    boolean done = false;
                                    try {
                                        work.accept(new TargetSchema(c));
                                        done = failed.get() == null;
                                    } finally {
                                        release.done(c, done);
                                    }
                                }));
            }
            work.accept(schema);
        } finally {
            // every helper has ended (a CREATE is short), its session closed: none is left open
            // behind the run, even when this thread is interrupted
            if (Threads.joinAll(helpers)) {
                failed.compareAndSet(
                        null,
                        new SnapshiftException(
                                ErrorCode.COPY,
                                "interrupted while creating the tables on the target"));
            }
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /** Target sessions creating tables at once. */
    static final int CREATORS = 4;

    /** The {@code snapshift_role} of the target sessions that create the schema. */
    static final String PURPOSE = "schema";
}
