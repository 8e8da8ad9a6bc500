package dev.snapshift.internal.catchup;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.snapshot.BinlogReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the source's binary log on a connection of its own ({@code snapshift-source-monitor}):
 * its current end (every second), its files and their sizes (every 10 s), how long it keeps them,
 * and the source clock's offset from ours (event timestamps are the source's time). From these come
 * the bytes behind and the retention warnings. A failed poll is logged and tried again: the
 * catch-up does not depend on it.
 */
final class SourceMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceMonitor.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Connections source;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile BinlogCoordinates head;
    private volatile Map<String, Long> files = Map.of();
    private volatile long clockOffsetMillis;
    private volatile long retentionSeconds = -1;

    SourceMonitor(Connections source, Clock clock) {
        this.source = source;
        this.clock = clock;
        this.thread = Threads.named("snapshift-source-monitor").newThread(this::loop);
    }

    SourceMonitor start() {
        thread.start();
        return this;
    }

    private void loop() {
        Connection c = null;
        ServerInfo info = null;
        long tick = 0;
        boolean warned = false;
        while (running) {
            try {
                if (c == null) {
                    c = source.open("monitor");
                    info = ServerInfo.read(c);
                    retentionSeconds = retention(c, info);
                }
                head = BinlogReader.read(c, info);
                if (tick % 10 == 0) {
                    files = files(c);
                    long before = clock.millis();
                    long source =
                            Long.parseLong(
                                    Jdbc.scalar(c, "SELECT ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)"));
                    long after = clock.millis();
                    clockOffsetMillis = source - (before + after) / 2;
                }
                tick++;
                warned = false;
            } catch (SQLException | RuntimeException e) {
                if (!warned) {
                    LOG.warn(
                            "cannot read the source's binary log position ({}); trying again",
                            e.getMessage());
                    warned = true;
                }
                Jdbc.closeQuietly(c, null);
                c = null;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        Jdbc.closeQuietly(c, null);
    }

    private static Map<String, Long> files(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        Jdbc.query(
                c,
                "SHOW BINARY LOGS",
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                    return null;
                });
        return out;
    }

    /** binlog_expire_logs_seconds, else expire_logs_days; 0 when logs are never purged. */
    private static long retention(Connection c, ServerInfo info) throws SQLException {
        Map<String, String> v = new LinkedHashMap<>();
        Jdbc.query(
                c,
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('binlog_expire_logs_seconds', 'expire_logs_days')",
                rs -> {
                    v.put(rs.getString(1), rs.getString(2));
                    return null;
                });
        double seconds = number(v.get("binlog_expire_logs_seconds"));
        double days = number(v.get("expire_logs_days"));
        if (seconds > 0) {
            return (long) seconds;
        }
        return (long) (days * 86_400);
    }

    private static double number(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The source's binary log end as last read, or null. */
    BinlogCoordinates head() {
        return head;
    }

    /** Source clock minus ours, in ms (0 until measured). */
    long clockOffsetMillis() {
        return clockOffsetMillis;
    }

    /** Seconds the source keeps its binary logs; 0 when for ever; -1 until known. */
    long retentionSeconds() {
        return retentionSeconds;
    }

    /** Whether the source still lists {@code file} (unknown: true). */
    boolean has(String file) {
        Map<String, Long> f = files;
        return f.isEmpty() || f.containsKey(file);
    }

    /**
     * Bytes of binary log from {@code applied} to the source's end; -1 when unknown (not polled
     * yet, or a file between is not listed).
     */
    long bytesBehind(BinlogPosition applied) {
        BinlogCoordinates h = head;
        if (h == null || applied == null) {
            return -1;
        }
        BinlogPosition end = new BinlogPosition(h.file(), h.position());
        if (!applied.isBefore(end)) {
            return 0;
        }
        if (applied.file().equals(h.file())) {
            return h.position() - applied.position();
        }
        Map<String, Long> f = files;
        Long first = f.get(applied.file());
        if (first == null) {
            return -1;
        }
        long bytes = first - applied.position();
        boolean between = false;
        for (Map.Entry<String, Long> e : f.entrySet()) {
            if (e.getKey().equals(applied.file())) {
                between = true;
            } else if (e.getKey().equals(h.file())) {
                break;
            } else if (between) {
                bytes += e.getValue();
            }
        }
        return bytes + h.position();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
