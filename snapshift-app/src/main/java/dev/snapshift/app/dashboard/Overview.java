package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.Status;
import dev.snapshift.internal.state.RunStore;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds to a run's report JSON what the dashboard derives from it: elapsed time, rows/s, percentage and ETA (from the
 * source's row estimates), the binlog text, counts of tables per status, and per-table labels, percentages and
 * durations. Pure apart from the observed table times.
 */
final class Overview {
    static final String WAITING = "Waiting for data movement to start...";

    private final TableTimes times;

    Overview(TableTimes times) {
        this.times = times;
    }

    /** The report of {@code run} with {@code overview}, per-database {@code counts} and per-table fields added. */
    ObjectNode render(RunView run, Instant now) {
        ObjectNode r = run.report().deepCopy();
        r.put("live", run.live());
        r.put("alive", run.alive());
        Map<String, Integer> all = emptyCounts();
        long rows = 0;
        long estimated = 0;
        long bytes = 0;
        boolean sized = false;
        for (JsonNode db : r.path("databases")) {
            Map<String, Integer> counts = emptyCounts();
            for (JsonNode t : db.path("tables")) {
                ObjectNode table = (ObjectNode) t;
                String status = table.path("status").asText();
                counts.merge(countKey(status), 1, Integer::sum);
                all.merge(countKey(status), 1, Integer::sum);
                long tableRows = table.path("rows").asLong();
                long tableEstimate = Math.max(tableRows, table.path("estimatedRows").asLong());
                if (table.has("estimatedBytes") && tableEstimate > 0) {
                    // bytes copied, estimated from the source's average row size
                    long tableBytes = table.path("estimatedBytes").asLong();
                    bytes += tableRows >= tableEstimate ? tableBytes : tableBytes * tableRows / tableEstimate;
                    sized = true;
                }
                rows += tableRows;
                estimated += tableEstimate;
                table.put("label", label(status));
                if (tableEstimate > 0) {
                    table.put("percent", percent(tableRows, tableEstimate, status));
                } else {
                    table.put("percent", "COMPLETED".equals(status) ? 100.0 : 0.0);
                }
                long ms = times.observe(run.runId(), db.path("name").asText(), table.path("name").asText(), status, now);
                if (ms >= 0) {
                    table.put("durationMillis", ms);
                } else {
                    table.putNull("durationMillis");
                }
            }
            ObjectNode c = ((ObjectNode) db).putObject("counts");
            counts.forEach(c::put);
            ((ObjectNode) db).put("label", label(db.path("status").asText()));
        }
        ObjectNode o = r.putObject("overview");
        o.put("phase", r.path("phase").asText());
        o.put("status", r.path("status").asText());
        o.put("statusLabel", label(r.path("status").asText()));
        o.put("consistency", r.path("consistency").asText(""));
        long elapsed = elapsedMillis(r, run.alive(), now);
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
        boolean finished = "DONE".equals(r.path("phase").asText());
        if (estimated > 0) {
            o.put("percent", finished && "COMPLETED".equals(r.path("status").asText()) ? 100.0
                    : percent(rows, estimated, ""));
        } else {
            o.putNull("percent");
        }
        if (!finished && run.alive() && rate > 0 && estimated > rows) {
            o.put("etaMillis", Math.round((estimated - rows) / rate * 1000));
        } else {
            o.putNull("etaMillis");
        }
        JsonNode lock = r.path("lock");
        o.set("lockWaitMillis", lock.isObject() ? lock.get("waitMillis") : null);
        o.set("lockHeldMillis", lock.isObject() ? lock.get("heldMillis") : null);
        o.put("binlogText", binlogText(r, finished || !run.alive()));
        ObjectNode c = o.putObject("counts");
        all.forEach(c::put);
        return r;
    }

    static String binlogText(JsonNode r, boolean ended) {
        JsonNode b = r.path("binlog");
        if (b.isObject()) {
            String gtid = b.path("gtidSet").asText("");
            return b.path("file").asText() + ":" + b.path("position").asLong() + (gtid.isEmpty() ? "" : " GTID " + gtid);
        }
        if (ended) {
            return "NONE".equals(r.path("consistency").asText()) ? "No coordinates: consistency none takes no point in time"
                    : "No coordinates were captured";
        }
        return WAITING;
    }

    private static long elapsedMillis(JsonNode r, boolean alive, Instant now) {
        Instant start = instant(r.path("startedAt").asText(null));
        if (start == null) {
            return 0;
        }
        Instant end = instant(r.path("finishedAt").asText(null));
        if (end == null) {
            end = alive ? now : instant(r.path("updatedAt").asText(null));
        }
        return end == null ? 0 : Math.max(0, Duration.between(start, end).toMillis());
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double percent(long rows, long estimated, String status) {
        if ("COMPLETED".equals(status)) {
            return 100.0;
        }
        return Math.min(100.0, Math.floor(rows * 1000.0 / estimated) / 10.0);
    }

    static String label(String status) {
        if (RunStore.RunRecord.INTERRUPTED.equals(status)) {
            return "Interrupted";
        }
        try {
            return Status.valueOf(status).label();
        } catch (IllegalArgumentException e) {
            return status.isEmpty() ? "Unknown" : status.charAt(0) + status.substring(1).toLowerCase().replace('_', ' ');
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
        for (String k : new String[] {"queued", "inProgress", "completed", "retrying", "failed", "skipped"}) {
            m.put(k, 0);
        }
        return m;
    }
}
