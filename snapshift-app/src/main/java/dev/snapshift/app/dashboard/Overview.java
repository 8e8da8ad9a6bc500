package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds to a run's report JSON what the dashboard derives from it: elapsed time, rows/s, percentage
 * and ETA (from the source's row estimates), the binlog text, counts of tables per status, and
 * per-table labels, percentages and durations. Pure apart from the observed table times.
 */
final class Overview {
    static final String WAITING = MigrationState.WAITING_FOR_DATA_MOVEMENT;

    private final TableTimes times;

    Overview(TableTimes times) {
        this.times = times;
    }

    /**
     * The report of {@code run} with {@code overview}, per-database {@code counts} and per-table
     * fields added. Every figure is computed from the typed state; the JSON is only the output.
     */
    ObjectNode render(RunView run, Instant now) {
        MigrationState s = run.state();
        ObjectNode r = run.report().deepCopy();
        r.put("live", run.live());
        r.put("alive", run.alive());
        Map<String, Integer> all = emptyCounts();
        long rows = 0;
        long estimated = 0;
        long bytes = 0;
        boolean sized = false;
        JsonNode dbNodes = r.path("databases");
        for (int di = 0; di < s.databases().size(); di++) {
            MigrationState.DatabaseState db = s.databases().get(di);
            ObjectNode dbNode = (ObjectNode) dbNodes.get(di);
            Map<String, Integer> counts = emptyCounts();
            for (int ti = 0; ti < db.tables().size(); ti++) {
                MigrationState.TableState t = db.tables().get(ti);
                ObjectNode table = (ObjectNode) dbNode.path("tables").get(ti);
                String status = t.status().name();
                counts.merge(countKey(status), 1, Integer::sum);
                all.merge(countKey(status), 1, Integer::sum);
                long tableRows =
                        t.rowsCopying(); // moving while a big chunk streams, not only at its commit
                long tableEstimate = Math.max(tableRows, t.estimatedRows());
                Long tableBytes = run.tableBytes().get(db.name() + "." + t.name());
                if (tableBytes != null) {
                    table.put("estimatedBytes", tableBytes);
                    if (tableEstimate > 0) {
                        // bytes copied, estimated from the source's average row size
                        bytes +=
                                tableRows >= tableEstimate
                                        ? tableBytes
                                        : tableBytes * tableRows / tableEstimate;
                        sized = true;
                    }
                }
                rows += tableRows;
                estimated += tableEstimate;
                table.put("label", label(status));
                if (tableEstimate > 0) {
                    table.put("percent", percent(tableRows, tableEstimate, status));
                } else {
                    table.put("percent", t.status() == Status.COMPLETED ? 100.0 : 0.0);
                }
                long ms = times.observe(run.runId(), db.name(), t.name(), status, now);
                if (ms >= 0) {
                    table.put("durationMillis", ms);
                } else {
                    table.putNull("durationMillis");
                }
            }
            ObjectNode c = dbNode.putObject("counts");
            counts.forEach(c::put);
            dbNode.put("label", label(db.status().name()));
        }
        ObjectNode o = r.putObject("overview");
        o.put("phase", s.phase().name());
        o.put("status", run.status());
        o.put("statusLabel", label(run.status()));
        o.put("consistency", s.consistency() == null ? "" : s.consistency());
        long elapsed = elapsedMillis(s, run.alive() ? now : run.updatedAt());
        o.put("elapsedMillis", elapsed);
        o.put("rows", rows);
        o.put("estimatedRows", estimated);
        double rate = elapsed > 0 ? rows * 1000.0 / elapsed : 0;
        o.put("rowsPerSecond", Math.round(rate * 10) / 10.0);
        if (sized && elapsed > 0) {
            // an estimate: rows copied times the source's average row size (its data length / rows)
            o.put("mbPerSecond", Math.round(bytes * 1000.0 / elapsed / 1e4) / 100.0);
            o.put("estimatedBytesCopied", bytes);
        } else {
            // a saved state carries no sizes: no honest estimate
            o.putNull("mbPerSecond");
        }
        boolean finished = s.phase() == Phase.DONE;
        if (estimated > 0) {
            o.put(
                    "percent",
                    finished && s.status() == Status.COMPLETED
                            ? 100.0
                            : percent(rows, estimated, ""));
        } else {
            o.putNull("percent");
        }
        if (!finished && run.alive() && rate > 0 && estimated > rows) {
            o.put("etaMillis", Math.round((estimated - rows) / rate * 1000));
        } else {
            o.putNull("etaMillis");
        }
        if (s.lock() != null) {
            o.put("lockWaitMillis", s.lock().waitMillis());
            o.put("lockHeldMillis", s.lock().heldMillis());
        } else {
            o.putNull("lockWaitMillis");
            o.putNull("lockHeldMillis");
        }
        o.put("binlogText", binlogText(s, finished || !run.alive()));
        ObjectNode c = o.putObject("counts");
        all.forEach(c::put);
        return r;
    }

    static String binlogText(MigrationState s, boolean ended) {
        BinlogCoordinates b = s.binlog();
        if (b != null) {
            return b.file()
                    + ":"
                    + b.position()
                    + (b.gtidSet() == null || b.gtidSet().isEmpty() ? "" : " GTID " + b.gtidSet());
        }
        if (ended) {
            return s.mode() == ConsistencyMode.NONE
                    ? "No coordinates: consistency none takes no point in time"
                    : "No coordinates were captured";
        }
        return WAITING;
    }

    /**
     * From the start to the end, or to {@code until} (now, or the last save of a run that died)
     * while it has none.
     */
    private static long elapsedMillis(MigrationState s, Instant until) {
        if (s.startedAt() == null) {
            return 0;
        }
        Instant end = s.finishedAt() != null ? s.finishedAt() : until;
        return end == null ? 0 : Math.max(0, Duration.between(s.startedAt(), end).toMillis());
    }

    private static double percent(long rows, long estimated, String status) {
        if ("COMPLETED".equals(status)) {
            return 100.0;
        }
        return Math.min(100.0, Math.floor(rows * 1000.0 / estimated) / 10.0);
    }

    static String label(String status) {
        if (RunRecord.INTERRUPTED.equals(status)) {
            return "Interrupted";
        }
        try {
            return Status.valueOf(status).label();
        } catch (IllegalArgumentException e) {
            return status.isEmpty()
                    ? "Unknown"
                    : status.charAt(0) + status.substring(1).toLowerCase().replace('_', ' ');
        }
    }

    private static String countKey(String status) {
        return switch (status) {
            case "QUEUED" -> "queued";
            case "IN_PROGRESS" -> "inProgress";
            case "RETRYING" -> "retrying";
            case "COMPLETED" -> "completed";
            case "FAILED" -> "failed";
            default -> "skipped";
        };
    }

    private static Map<String, Integer> emptyCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k :
                new String[] {
                    "queued", "inProgress", "completed", "retrying", "failed", "skipped"
                }) {
            m.put(k, 0);
        }
        return m;
    }
}
