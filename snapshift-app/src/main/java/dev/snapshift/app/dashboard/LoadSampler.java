package dev.snapshift.app.dashboard;

import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.preflight.HistoryList;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.Migration;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.internal.schema.SourceCatalog;
import dev.snapshift.internal.schema.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Samples a live run's {@link SourceLoad} in its own daemon thread until the run ends: when its snapshot was taken
 * (first seen coordinates) and, every interval, the source's InnoDB history list length on one extra, read-only
 * monitoring connection (never a snapshot session).
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
        this.thread = new Thread(this::loop, "snapshift-load-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    SourceLoad load() {
        return load;
    }

    private void loop() {
        Instant nextSample = Instant.MIN;
        boolean sized = false;
        try (TrustStores trust = new TrustStores()) {
            Connection c = null;
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
                            if (c == null) {
                                c = new Connections("source", source, trust, networkTimeout).open();
                            }
                            if (!sized && s.phase().compareTo(Phase.COPY) >= 0) {
                                sized = true;
                                load.tableBytes(sizes(c, s));
                            }
                            load.sample(now, read(c));
                        } catch (SQLException | RuntimeException e) {
                            load.failed(e instanceof SQLException q ? MySqlErrors.describe(q) : e.getMessage());
                            LOG.debug("cannot read the source's history list length: {}", e.toString());
                            closeQuietly(c);
                            c = null;
                        }
                    }
                    Thread.sleep(Math.min(100, interval.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(c);
            }
        }
    }

    /** The source's data length of every table the run copies, for the MB/s and size estimates. */
    private static Map<String, Long> sizes(Connection c, MigrationState s) throws SQLException {
        try (Statement st = c.createStatement()) {
            // MySQL 8 caches these statistics for a day by default; MariaDB has no such variable
            st.execute("SET SESSION information_schema_stats_expiry = 0");
        } catch (SQLException mariaDb) {
            LOG.trace("no information_schema_stats_expiry: {}", mariaDb.toString());
        }
        Map<String, Long> sizes = new HashMap<>();
        SourceCatalog catalog = new SourceCatalog(c);
        for (MigrationState.DatabaseState d : s.databases()) {
            for (TableInfo t : catalog.tables(d.name())) {
                sizes.put(d.name() + "." + t.name(), t.dataLength());
            }
        }
        return sizes;
    }

    /** The history list length, read as the preflight reads it. */
    private static long read(Connection c) throws SQLException {
        return HistoryList.read(c, ServerInfo.read(c).mariaDb()).orElseThrow(() ->
                new SQLException("the server reports no history list length (INNODB_METRICS trx_rseg_history_len)"));
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a monitoring connection
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
