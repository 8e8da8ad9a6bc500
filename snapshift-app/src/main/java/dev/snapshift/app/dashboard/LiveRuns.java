package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.Migration;
import dev.snapshift.MigrationReport;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Migrations running in this process, read from their in-memory {@link Migration#state()}. A run is
 * known by its run id once {@link Migration#run()} recorded it, and by a provisional id ({@code
 * live-1}) before that and always.
 */
public final class LiveRuns implements RunSource, AutoCloseable {
    static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(2);

    private record Entry(
            String provisionalId,
            Migration migration,
            MigrationConfig config,
            LoadSampler sampler) {
        String id() {
            String id = migration.runId();
            return id == null ? provisionalId : id;
        }
    }

    private final AtomicInteger ids = new AtomicInteger();
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Duration sampleInterval;
    private final Clock clock = Clock.systemUTC();

    /** Samples the source's history list length every 2 s. */
    public LiveRuns() {
        this(DEFAULT_SAMPLE_INTERVAL);
    }

    public LiveRuns(Duration sampleInterval) {
        this.sampleInterval = sampleInterval;
    }

    /**
     * Adds a migration (before or after its run() started) and starts sampling the load its
     * snapshot puts on the source; returns its provisional id.
     */
    public String add(Migration migration, MigrationConfig config) {
        String id = "live-" + ids.incrementAndGet();
        entries.add(
                0,
                new Entry(
                        id,
                        migration,
                        config,
                        new LoadSampler(migration, config, sampleInterval, clock)));
        return id;
    }

    /** Stops the samplers (the migrations themselves are not touched). */
    @Override
    public void close() {
        entries.forEach(e -> e.sampler().close());
    }

    @Override
    public List<RunView> list() {
        List<RunView> views = new ArrayList<>();
        for (Entry e : entries) {
            views.add(view(e));
        }
        return views;
    }

    @Override
    public Optional<RunView> find(String runId) {
        return entries.stream()
                .filter(e -> e.id().equals(runId) || e.provisionalId().equals(runId))
                .findFirst()
                .map(this::view);
    }

    private RunView view(Entry e) {
        String id = e.id();
        MigrationState state = e.migration().state();
        ObjectNode report = MigrationReport.toJson(state, e.config());
        report.put("runId", id);
        report.set("sourceLoad", e.sampler().load().json(clock.instant()));
        return new RunView(
                id,
                state,
                report,
                true,
                true,
                state.status().name(),
                null,
                e.sampler().load().tableBytes());
    }
}
