package dev.snapshift.internal;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.plan.ChunkPlanner;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.snapshot.SnapshotReads;
import dev.snapshift.internal.state.StateTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the tables into chunks inside the snapshot, largest tables first so that the longest copies
 * start early. A table whose planning the source refuses fails alone; a session lost meanwhile is
 * replaced by another of the same point in time.
 */
final class PlanPhase {
    private static final Logger LOG = LoggerFactory.getLogger(PlanPhase.class);

    private final MigrationConfig config;
    private final StateTracker tracker;
    private final MigrationHooks hooks;

    PlanPhase(MigrationConfig config, StateTracker tracker, MigrationHooks hooks) {
        this.config = config;
        this.tracker = tracker;
        this.hooks = hooks;
    }

    List<Chunk> plan(List<TableInfo> tables, Snapshot snapshot) {
        ChunkPlanner planner = new ChunkPlanner(config.chunkRows(), config.chunkBytes());
        SnapshotReads reads = new SnapshotReads(snapshot, hooks);
        List<TableInfo> ordered = new ArrayList<>(tables);
        ordered.sort(Comparator.comparingLong(TableInfo::dataLength).reversed());
        List<Chunk> chunks = new ArrayList<>();
        // on as many sessions at once as the copy has workers: the workers wait for the plan
        List<SnapshotReads.Outcome<List<Chunk>>> plans =
                reads.readEach(
                        ordered,
                        snapshot.workers(),
                        t -> "plan the copy of " + t.qualifiedName(),
                        Checkpoint.PLANNING,
                        planner::plan);
        for (int i = 0; i < ordered.size(); i++) {
            TableInfo t = ordered.get(i);
            SnapshotReads.Outcome<List<Chunk>> plan = plans.get(i);
            if (plan.refused() != null) {
                tracker.failed(
                        t.database(), t.name(), "planning failed: " + plan.refused().getMessage());
                continue;
            }
            List<Chunk> cs = plan.value();
            tracker.planned(t.database(), t.name(), cs.size());
            LOG.info(
                    "{}: {} chunk(s) of up to {} rows, {} (key {})",
                    t.qualifiedName(),
                    cs.size(),
                    cs.get(0).rows(),
                    cs.get(0).mode(),
                    t.key().stream().map(c -> c.name()).toList());
            chunks.addAll(cs);
        }
        return chunks;
    }
}
