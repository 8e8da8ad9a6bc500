package dev.snapshift.app;

import dev.snapshift.api.CatchUpState;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Terminal progress. Prints a line when something changes (the binlog position as soon as it is
 * known, each table's status), and every few seconds a line with the overall progress. Plain lines
 * work in a terminal and in CI logs.
 */
final class ProgressPrinter {
    static final String WAITING = MigrationState.WAITING_FOR_DATA_MOVEMENT;

    private final Supplier<MigrationState> source;
    private final PrintWriter out;
    private final Thread thread;
    private final Map<String, Status> printed = new HashMap<>();
    private volatile boolean running = true;
    private String lastBinlog;
    private Object lastPhase;
    private long lastSummary;
    private CutoverState.Verdict lastVerdict;

    /** The run id once known (null supplier: never), for the cutover hint. */
    private final Supplier<String> runId;

    /** On an interactive terminal: a progress bar redrawn in place under the event lines. */
    private final boolean interactive;

    private boolean barShown;

    /** What the printer waits on between looks: a change of the run, or its longest pause. */
    @FunctionalInterface
    interface Changes {
        /** Waits for a change after {@code seen}, at most {@code maxMillis}; returns the newest. */
        long await(long seen, long maxMillis) throws InterruptedException;

        /** No signal: each look waits the longest pause. */
        Changes NONE =
                (seen, maxMillis) -> {
                    Thread.sleep(maxMillis);
                    return seen;
                };
    }

    private final Changes changes;

    /** The longest pause between looks: how often the bar and the summary lines may change. */
    static final long PAUSE_MILLIS = 250;

    /**
     * The shortest time between two looks: a burst of changes (many small tables) prints together,
     * at most 20 looks a second, each of which copies the state of every table. A change after a
     * quiet moment is printed at once.
     */
    static final long MIN_GAP_MILLIS = 50;

    private ProgressPrinter(
            Supplier<MigrationState> source,
            Supplier<String> runId,
            Changes changes,
            PrintWriter out,
            boolean interactive) {
        this.source = source;
        this.runId = runId;
        this.changes = changes;
        this.out = out;
        this.interactive = interactive;
        this.thread = NamedThreads.thread("snapshift-progress", this::loop);
    }

    /**
     * Prints a change (the binlog position, a table's status) as soon as {@code changes} signals
     * it, rather than at the next pause.
     */
    static ProgressPrinter start(
            Supplier<MigrationState> source,
            Supplier<String> runId,
            Changes changes,
            PrintWriter out) {
        return start(source, runId, changes, out, System.console() != null);
    }

    /** Without a change signal: looks every {@link #PAUSE_MILLIS}. */
    static ProgressPrinter start(
            Supplier<MigrationState> source, PrintWriter out, boolean interactive) {
        return start(source, () -> null, Changes.NONE, out, interactive);
    }

    static ProgressPrinter start(
            Supplier<MigrationState> source,
            Supplier<String> runId,
            Changes changes,
            PrintWriter out,
            boolean interactive) {
        ProgressPrinter p = new ProgressPrinter(source, runId, changes, out, interactive);
        p.thread.start();
        return p;
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print(source.get(), true);
    }

    private void loop() {
        long seen = 0;
        while (running) {
            long looked = System.nanoTime();
            print(source.get(), false);
            try {
                long now = changes.await(seen, PAUSE_MILLIS);
                if (now != seen) {
                    seen = now;
                    long gap = MIN_GAP_MILLIS - (System.nanoTime() - looked) / 1_000_000;
                    if (gap > 0) {
                        Thread.sleep(gap);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void print(MigrationState s, boolean last) {
        if (barShown) {
            out.print("\r\033[K"); // the event lines go above the bar
            barShown = false;
        }
        String binlog = binlogText(s);
        if (!binlog.equals(lastBinlog)) {
            lastBinlog = binlog;
            out.println("[" + elapsed(s) + "] binlog position: " + binlog);
            if (s.lock() != null) {
                out.println(
                        "["
                                + elapsed(s)
                                + "] writes were blocked for "
                                + s.lock().heldMillis()
                                + " ms (lock wait "
                                + s.lock().waitMillis()
                                + " ms)");
            }
        }
        for (DatabaseState d : s.databases()) {
            for (TableState t : d.tables()) {
                String key = d.name() + "\u0000" + t.name();
                if (printed.get(key) != t.status() && t.status() != Status.QUEUED) {
                    printed.put(key, t.status());
                    out.println(
                            "["
                                    + elapsed(s)
                                    + "] "
                                    + d.name()
                                    + "."
                                    + t.name()
                                    + ": "
                                    + t.status().label()
                                    + (t.status() == Status.COMPLETED
                                            ? " (" + t.rows() + " rows)"
                                            : "")
                                    + (t.error() != null
                                                    && (t.status() == Status.FAILED
                                                            || t.status() == Status.RETRYING)
                                            ? " - " + t.error()
                                            : ""));
                }
            }
        }
        if (!Objects.equals(lastPhase, s.phase())) {
            lastPhase = s.phase();
            out.println("[" + elapsed(s) + "] phase " + s.phase());
            String id = runId.get();
            if (s.phase() == Phase.CATCHUP && id != null) {
                out.println(
                        "["
                                + elapsed(s)
                                + "] catching up from the binary log until cutover; stop the writes on"
                                + " the source, then: bin/snapshift cutover "
                                + id);
            }
        }
        CutoverState c = s.cutover();
        if (c != null && c.verdict() != lastVerdict) {
            lastVerdict = c.verdict();
            out.println("[" + elapsed(s) + "] " + cutoverText(c, java.time.Instant.now()));
        }
        long now = System.currentTimeMillis();
        if (s.catchUp() != null && s.phase() != Phase.DONE) {
            if (interactive && !last) {
                out.print(catchUpText(s.catchUp()));
                barShown = true;
            } else if (!last && now - lastSummary >= 5_000) {
                lastSummary = now;
                out.println("[" + elapsed(s) + "] " + catchUpText(s.catchUp()));
            }
        } else if (interactive && !last && s.lock() != null) {
            out.print(bar(s));
            barShown = true;
        } else if (!last && now - lastSummary >= 5_000 && s.lock() != null) {
            lastSummary = now;
            long estimated =
                    s.databases().stream()
                            .flatMap(d -> d.tables().stream())
                            .mapToLong(t -> Math.max(t.estimatedRows(), t.rowsCopying()))
                            .sum();
            out.println(
                    "["
                            + elapsed(s)
                            + "] "
                            + s.rowsCopying()
                            + " rows copied"
                            + (estimated > 0
                                    ? " (~"
                                            + Math.min(100, s.rowsCopying() * 100 / estimated)
                                            + "%)"
                                    : "")
                            + "; tables: "
                            + s.tableCount(Status.COMPLETED)
                            + " completed, "
                            + s.tableCount(Status.IN_PROGRESS)
                            + " in progress, "
                            + s.tableCount(Status.RETRYING)
                            + " retrying, "
                            + s.tableCount(Status.QUEUED)
                            + " queued, "
                            + s.tableCount(Status.FAILED)
                            + " failed");
        }
        out.flush();
    }

    /**
     * What the "binlog position" line says: the coordinates; {@link #WAITING} until the point in
     * time is taken; and when there are none, why — the source has no binary log only when a
     * snapshot was actually taken on it. A run that ended before its snapshot (connection refused,
     * preflight refusal) took no point in time at all. Pure.
     */
    static String binlogText(MigrationState s) {
        if (s.binlog() != null) {
            return s.binlog().file()
                    + ":"
                    + s.binlog().position()
                    + (s.binlog().gtidSet().isEmpty() ? "" : "  GTID set " + s.binlog().gtidSet());
        }
        Phase p = s.phase();
        if (p.compareTo(Phase.SNAPSHOT) <= 0) {
            return WAITING;
        }
        if (s.mode() == ConsistencyMode.NONE) {
            return "none (--consistency none holds no point in time)";
        }
        // past the snapshot while running; once done, a lock was held, the run completed, or a
        // table was planned,
        // copied or skipped: each happens only after the snapshot (a refused run's tables end
        // FAILED, never planned)
        boolean taken =
                p != Phase.DONE
                        || s.lock() != null
                        || s.status() == Status.COMPLETED
                        || s.databases().stream()
                                .flatMap(d -> d.tables().stream())
                                .anyMatch(
                                        t ->
                                                t.chunksTotal() > 0
                                                        || t.rows() > 0
                                                        || t.status() == Status.COMPLETED
                                                        || t.status() == Status.SKIPPED);
        return taken ? "none (the source has no binary log)" : "none (no point in time was taken)";
    }

    /**
     * The lag line of the online catch-up: {@code catch-up: 2 s behind, 3456 bytes behind | 812
     * events/s, 950 rows/s | applied binlog.000003:1234 | 5000 transactions, 9000 events}. Pure.
     */
    static String catchUpText(CatchUpState c) {
        return "catch-up: "
                + (c.secondsBehind() < 0 ? "?" : c.secondsBehind())
                + " s behind, "
                + (c.bytesBehind() < 0 ? "?" : c.bytesBehind())
                + " bytes behind | "
                + Math.round(c.eventsPerSecond())
                + " events/s, "
                + Math.round(c.rowsPerSecond())
                + " rows/s | applied "
                + (c.applied() == null ? "-" : c.applied().file() + ":" + c.applied().position())
                + " | "
                + c.transactions()
                + " transactions, "
                + c.events()
                + " events"
                + (c.binlogReconnects() + c.targetRetries() > 0
                        ? " | "
                                + c.binlogReconnects()
                                + " binlog reconnects, "
                                + c.targetRetries()
                                + " target retries"
                        : "");
    }

    /** One line on the cutover, as it goes. Pure. */
    static String cutoverText(CutoverState c, java.time.Instant now) {
        return switch (c.verdict()) {
            case IN_PROGRESS ->
                    "cutover: requested"
                            + (c.readOnly()
                                    ? ", source set read-only"
                                    : ", writes stopped by the user")
                            + "; applying up to the final position, then verify "
                            + c.verify();
            case FAILED -> "cutover FAILED: " + c.error();
            default ->
                    "cutover "
                            + c.verdict()
                            + " at final position "
                            + (c.finalCoordinates() == null ? "-" : c.finalCoordinates())
                            + "; writes were stopped for "
                            + c.writesStopped(now).toMillis()
                            + " ms";
        };
    }

    /** {@code [########------------] 42% 1234567 rows | orders 60% | order_lines 31%} */
    static String bar(MigrationState s) {
        long estimated =
                s.databases().stream()
                        .flatMap(d -> d.tables().stream())
                        .mapToLong(t -> Math.max(t.estimatedRows(), t.rowsCopying()))
                        .sum();
        int pct = estimated == 0 ? 0 : (int) Math.min(100, s.rowsCopying() * 100 / estimated);
        int filled = pct / 5;
        StringBuilder sb =
                new StringBuilder("[")
                        .append("#".repeat(filled))
                        .append("-".repeat(20 - filled))
                        .append("] ")
                        .append(String.format("%3d%%  %d rows", pct, s.rowsCopying()));
        s.databases().stream()
                .flatMap(d -> d.tables().stream())
                .filter(t -> t.status() == Status.IN_PROGRESS || t.status() == Status.RETRYING)
                .limit(3)
                .forEach(
                        t ->
                                sb.append(" | ")
                                        .append(t.name())
                                        .append(' ')
                                        .append(
                                                t.estimatedRows() > 0
                                                        ? Math.min(
                                                                        100,
                                                                        t.rowsCopying()
                                                                                * 100
                                                                                / t.estimatedRows())
                                                                + "%"
                                                        : t.rowsCopying() + " rows")
                                        .append(t.status() == Status.RETRYING ? " retrying" : ""));
        return sb.length() > 160 ? sb.substring(0, 157) + "..." : sb.toString();
    }

    private static String elapsed(MigrationState s) {
        long ms =
                java.time.Duration.between(
                                s.startedAt(),
                                s.finishedAt() != null ? s.finishedAt() : java.time.Instant.now())
                        .toMillis();
        return String.format("%d:%02d.%d", ms / 60_000, (ms / 1000) % 60, (ms / 100) % 10);
    }
}
