package dev.snapshift.internal;

import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.internal.copy.ChunkCopier;
import dev.snapshift.internal.copy.CopyEngine;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.snapshot.Snapshot;
import dev.snapshift.internal.state.StateTracker;
import dev.snapshift.internal.verify.CopyVerifier;
import java.util.List;

/**
 * Copies the planned chunks from the snapshot's sessions into the target, building each table's
 * deferred indexes as soon as its last chunk is in (while other tables still load).
 */
final class CopyPhase {
    /**
     * Largest multi-row INSERT (when the target refuses LOAD DATA LOCAL): well inside any
     * max_allowed_packet.
     */
    static final long INSERT_STATEMENT_BYTES = 8L << 20;

    private final MigrationConfig config;
    private final StateTracker tracker;
    private final MigrationHooks hooks;
    private final RunFacts facts;

    /** Told of each chunk whose last target transaction committed, with its rows. */
    private java.util.function.ObjLongConsumer<Chunk> onChunkCommitted = (c, rows) -> {};

    CopyPhase(MigrationConfig config, StateTracker tracker, MigrationHooks hooks, RunFacts facts) {
        this.config = config;
        this.tracker = tracker;
        this.hooks = hooks;
        this.facts = facts;
    }

    CopyPhase onChunkCommitted(java.util.function.ObjLongConsumer<Chunk> listener) {
        this.onChunkCommitted = listener;
        return this;
    }

    /**
     * Copies {@code chunks}; {@code finish} builds the indexes of each table as its copy completes.
     */
    void copy(List<Chunk> chunks, Snapshot snapshot, Connections target, FinishPhase finish)
            throws InterruptedException {
        finish.startIndexBuilds(target, config.threads());
        boolean copied = false;
        try {
            engine(snapshot, target).onTableCopied(finish::tableCopied).run(chunks);
            copied = true;
        } finally {
            finish.endIndexBuilds(copied);
        }
    }

    /**
     * Copies {@code chunks} with no index builds (non-transactional tables, created whole, under
     * the lock).
     */
    void copy(List<Chunk> chunks, Snapshot snapshot, Connections target)
            throws InterruptedException {
        engine(snapshot, target).run(chunks);
    }

    private CopyEngine engine(Snapshot snapshot, Connections target) {
        int statementBytes =
                (int)
                        Math.max(
                                64 << 10,
                                Math.min(INSERT_STATEMENT_BYTES, facts.targetMaxPacket() / 2));
        ChunkCopier copier =
                new ChunkCopier(
                        statementBytes,
                        facts.loadData(),
                        facts.sourceMaxPacket(),
                        Runtime.getRuntime().maxMemory() / 2);
        if (config.verify()) {
            copier.verifying(new CopyVerifier(tracker));
        }
        return new CopyEngine(
                        snapshot,
                        target,
                        tracker,
                        copier,
                        hooks,
                        config.skipTargetBinlog(),
                        config.adaptiveThreads())
                .limitedTo(config.maxRowsPerSecond())
                .onChunkCommitted(onChunkCommitted);
    }
}
