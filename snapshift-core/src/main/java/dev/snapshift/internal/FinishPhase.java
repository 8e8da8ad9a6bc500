package dev.snapshift.internal;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.Status;
import dev.snapshift.internal.copy.TargetSession;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.schema.DatabaseInfo;
import dev.snapshift.internal.schema.DeferredIndexes;
import dev.snapshift.internal.schema.SchemaObjects;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TargetSchema;
import dev.snapshift.internal.state.StateTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens once the data is in, on one target session: secondary indexes (one ALTER per table), foreign keys
 * (checks off: the rows came from one snapshot), the source's AUTO_INCREMENT counters, then views, routines, triggers
 * and events read inside the snapshot. The schema phase records here what it deferred.
 */
final class FinishPhase {
    private static final Logger LOG = LoggerFactory.getLogger(FinishPhase.class);

    private final StateTracker tracker;
    private final Clock clock;
    private final Map<TableInfo, DeferredIndexes> deferred = new ConcurrentHashMap<>();
    private final Map<TableInfo, Long> autoIncrements = new ConcurrentHashMap<>();

    private final boolean skipBinlog;

    FinishPhase(StateTracker tracker, Clock clock, boolean skipBinlog) {
        this.skipBinlog = skipBinlog;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** A table created without its secondary indexes and foreign keys, from the source's CREATE statement. */
    void deferred(TableInfo table, DeferredIndexes split, String sourceCreate) {
        deferred.put(table, split);
        TargetSchema.autoIncrement(sourceCreate).ifPresent(v -> autoIncrements.put(table, v));
    }

    /** A restart from a new snapshot: the tables recorded so far were dropped. */
    void clear() {
        deferred.clear();
        autoIncrements.clear();
    }

    /** Builds indexes of tables as their copy completes, on a target session of its own, while others still load. */
    private java.util.concurrent.ExecutorService builder;
    private volatile Connection builderSession;
    private final java.util.Set<TableInfo> indexed = ConcurrentHashMap.newKeySet();

    /** The copy starts: indexes of each copied table are built from now on, overlapping the copy of the others. */
    void startIndexBuilds(Connections target) {
        indexed.clear();
        builder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshift-indexes");
            t.setDaemon(true);
            return t;
        });
        builder.execute(() -> {
            try {
                builderSession = TargetSession.prepare(target.open(), skipBinlog);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("no session for early index builds ({}); indexes are built after the copy", e.getMessage());
            }
        });
    }

    /** The last chunk of {@code table} committed. */
    void tableCopied(TableInfo table) {
        if (builder != null && deferred.containsKey(table) && !deferred.get(table).indexes().isEmpty()) {
            builder.execute(() -> {
                if (builderSession != null && indexed.add(table)) {
                    addIndexes(new TargetSchema(builderSession), table, deferred.get(table));
                }
            });
        }
    }

    /**
     * Waits for the index builds in progress ({@code finish}: the copy is over) or stops them (the copy is
     * abandoned; its tables are about to be dropped).
     */
    void endIndexBuilds(boolean finish) throws InterruptedException {
        if (builder == null) {
            return;
        }
        if (finish) {
            builder.shutdown();
            builder.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
        } else {
            builder.shutdownNow();
            // a session still being opened must not be left behind; a running ALTER ends when its session closes
            builder.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (builderSession != null) {
            dev.snapshift.internal.jdbc.Jdbc.closeQuietly(builderSession, null);
            builderSession = null;
        }
        builder = null;
    }

    /** @param source a live session of the snapshot */
    void run(List<DatabaseInfo> databases, Connection source, Connections target) {
        // a prepared session: should the server rebuild a table, a 0 in the AUTO_INCREMENT column must stay 0
        try (Connection c = TargetSession.prepare(target.open(), skipBinlog)) {
            TargetSchema schema = new TargetSchema(c);
            addIndexes(schema);
            addForeignKeys(schema);
            for (Map.Entry<TableInfo, Long> e : autoIncrements.entrySet()) {
                if (schema.setAutoIncrement(e.getKey(), e.getValue())) {
                    LOG.info("{}: AUTO_INCREMENT set back to {}", e.getKey().qualifiedName(), e.getValue());
                }
            }
            for (DatabaseInfo d : databases) {
                List<SchemaObjects.Definition> objects = SchemaObjects.read(source, d.name());
                if (!objects.isEmpty()) {
                    SchemaObjects.create(c, d.name(), objects).forEach(n -> LOG.warn("{}", n));
                    LOG.info("{}: {} view(s), routine(s), trigger(s) and event(s) created", d.name(), objects.size());
                }
            }
        } catch (SQLException e) {
            throw new SnapshiftException(ErrorCode.COPY, "finishing the target failed: " + MySqlErrors.describe(e)
                    + (e.getErrorCode() == 1418 ? " (set log_bin_trust_function_creators=ON on the target, or declare the"
                    + " function DETERMINISTIC / READS SQL DATA)" : ""), e);
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
        if (tracker.status(t.database(), t.name()) != Status.COMPLETED || split.indexes().isEmpty()) {
            return;
        }
        try {
            long start = clock.millis();
            schema.addIndexes(t, split.indexes());
            LOG.info("{}: {} secondary index(es) built in {} ms", t.qualifiedName(), split.indexes().size(),
                    clock.millis() - start);
        } catch (SQLException ex) {
            tracker.failed(t.database(), t.name(), "adding its indexes failed: " + MySqlErrors.describe(ex));
        }
    }

    private void addForeignKeys(TargetSchema schema) {
        for (Map.Entry<TableInfo, DeferredIndexes> e : deferred.entrySet()) {
            TableInfo t = e.getKey();
            try {
                schema.addForeignKeys(t, e.getValue().foreignKeys());
            } catch (SQLException ex) {
                tracker.failed(t.database(), t.name(), "adding its foreign keys failed: " + MySqlErrors.describe(ex));
            }
        }
    }
}
