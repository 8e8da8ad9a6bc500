package dev.snapshift.app.dashboard;

import dev.snapshift.Migration;
import dev.snapshift.SourceInspector;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.app.NamedThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a live run's {@link SourceLoad} in its own daemon thread until the run ends: when its
 * snapshot was taken (first seen coordinates) and, every interval, the source's InnoDB history list
 * length on one extra, read-only monitoring connection (never a snapshot session).
 */
final class LoadSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadSampler.class);

    private final Migration migration;
    private final ConnectionSpec source;
    private final Duration networkTimeout;
    private final Duration interval;
    private final Clock clock;
    private final SourceLoad load = new SourceLoad();
    private final Thread thread;
    private volatile boolean stopped;

    LoadSampler(Migration migration, MigrationConfig config, Duration interval, Clock clock) {
        this.migration = migration;
        this.source = config.source();
        this.networkTimeout = config.networkTimeout();
        this.interval = interval;
        this.clock = clock;
        this.thread = NamedThreads.thread("snapshift-load-sampler", this::loop);
        thread.start();
    }

    SourceLoad load() {
        return load;
    }

    private void loop() {
        Instant nextSample = Instant.MIN;
        boolean sized = false;
        SourceInspector inspector = null;
        try {
            while (!stopped) {
                MigrationState s = migration.state();
                Instant now = clock.instant();
                if (s.binlog() != null || s.phase().compareTo(Phase.SCHEMA) >= 0) {
                    load.snapshotTaken(now);
                }
                if (s.phase() == Phase.DONE) {
                    load.ended(now);
                    return;
                }
                if (!now.isBefore(nextSample) && s.phase().compareTo(Phase.SNAPSHOT) >= 0) {
                    nextSample = now.plus(interval);
                    try {
                        if (inspector == null) {
                            inspector = SourceInspector.open(source, networkTimeout);
                        }
                        if (!sized && s.phase().compareTo(Phase.COPY) >= 0) {
                            sized = true;
                            load.tableBytes(
                                    inspector.tableBytes(
                                            s.databases().stream()
                                                    .map(MigrationState.DatabaseState::name)
                                                    .toList()));
                        }
                        load.sample(now, inspector.historyListLength());
                    } catch (RuntimeException e) {
                        load.failed(e.getMessage());
                        LOG.debug("cannot read the source's history list length: {}", e.toString());
                        if (inspector != null) {
                            inspector.close();
                        }
                        inspector = null;
                    }
                }
                Thread.sleep(Math.min(100, interval.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (inspector != null) {
                inspector.close();
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
