package dev.snapshift.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.BinlogCoordinates;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks a run committed on the target, each with the point in time it was copied at, in the
 * run's directory ({@code chunks.log}): one JSON line per chunk, appended and fsynced after the
 * chunk's last target transaction committed, so that a resume (in the same process after every
 * snapshot session was lost, or {@code migrate --resume} after a kill) keeps exactly the chunks the
 * target holds whole. A chunk committed but not yet recorded (a kill in between) counts as missing:
 * its rows are deleted and copied again, never kept unrecorded. A line cut by a crash is ignored.
 *
 * <p>A {@code rebase} line says that every chunk recorded at one point in time now holds the rows
 * of a later one (the binary log between the two was applied to their key ranges).
 */
public final class ChunkLog {
    static final String FILE = "chunks.log";

    private static final Logger LOG = LoggerFactory.getLogger(ChunkLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private boolean warned;

    /**
     * One committed chunk.
     *
     * @param at the point in time its rows are of
     * @param mode RANGE, KEYSET or WHOLE
     * @param lower inclusive lower key bound (RANGE), else null
     * @param upper inclusive upper key bound (RANGE), else null
     * @param rows rows it committed
     */
    public record Entry(
            BinlogCoordinates at,
            String database,
            String table,
            String mode,
            String lower,
            String upper,
            long rows) {}

    /**
     * Moves the entries of point {@code from} to point {@code to} (the chunks a resume brought
     * forward), in place.
     */
    public static void rebase(List<Entry> entries, BinlogCoordinates from, BinlogCoordinates to) {
        entries.replaceAll(
                e ->
                        samePoint(e.at(), from)
                                ? new Entry(
                                        to,
                                        e.database(),
                                        e.table(),
                                        e.mode(),
                                        e.lower(),
                                        e.upper(),
                                        e.rows())
                                : e);
    }

    private ChunkLog(Path file) {
        this.file = file;
    }

    /** The log of the run recorded in {@code runDirectory} (null: a run without state: no log). */
    public static ChunkLog in(Path runDirectory) {
        return runDirectory == null ? null : new ChunkLog(runDirectory.resolve(FILE));
    }

    /**
     * Appends a committed chunk, durably. Never throws: a full disk costs a resume, not the run.
     */
    public synchronized void committed(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.set("at", coordinates(e.at()));
        n.put("db", e.database());
        n.put("table", e.table());
        n.put("mode", e.mode());
        n.put("lower", e.lower());
        n.put("upper", e.upper());
        n.put("rows", e.rows());
        append(n);
    }

    /** Every chunk recorded at {@code from} now holds the rows as of {@code to}. Durable. */
    public synchronized void rebased(BinlogCoordinates from, BinlogCoordinates to) {
        ObjectNode n = JSON.createObjectNode();
        n.set("rebaseFrom", coordinates(from));
        n.set("rebaseTo", coordinates(to));
        append(n);
    }

    /** Forgets one chunk: its rows are about to be deleted and copied again. Durable. */
    public synchronized void dropped(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.set("dropAt", coordinates(e.at()));
        n.put("db", e.database());
        n.put("table", e.table());
        n.put("mode", e.mode());
        n.put("lower", e.lower());
        n.put("upper", e.upper());
        append(n);
    }

    /** Forgets every chunk: the target's copy was dropped (a restart from zero). */
    public synchronized void cleared() {
        ObjectNode n = JSON.createObjectNode();
        n.put("cleared", true);
        append(n);
    }

    private void append(ObjectNode n) {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn(
                        "cannot record committed chunks in {} ({}): a resume of this run would copy them again",
                        file,
                        e.toString());
            }
        }
    }

    /**
     * The chunks recorded, rebases applied: each at the point in time its rows are of now. A
     * truncated last line (a crash while appending) is ignored.
     */
    public synchronized List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return out;
        }
        for (String line : lines) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException cut) {
                continue;
            }
            if (n == null || !n.isObject()) {
                continue;
            }
            if (n.path("cleared").asBoolean(false)) {
                out.clear();
            } else if (n.has("rebaseFrom")) {
                BinlogCoordinates from = read(n.path("rebaseFrom"));
                BinlogCoordinates to = read(n.path("rebaseTo"));
                rebase(out, from, to);
            } else if (n.has("dropAt")) {
                BinlogCoordinates at = read(n.path("dropAt"));
                String lower = n.hasNonNull("lower") ? n.path("lower").asText() : null;
                String upper = n.hasNonNull("upper") ? n.path("upper").asText() : null;
                out.removeIf(
                        e ->
                                samePoint(e.at(), at)
                                        && e.database().equals(n.path("db").asText())
                                        && e.table().equals(n.path("table").asText())
                                        && java.util.Objects.equals(e.lower(), lower)
                                        && java.util.Objects.equals(e.upper(), upper));
            } else if (n.has("db")) {
                out.add(
                        new Entry(
                                read(n.path("at")),
                                n.path("db").asText(),
                                n.path("table").asText(),
                                n.path("mode").asText(),
                                n.hasNonNull("lower") ? n.path("lower").asText() : null,
                                n.hasNonNull("upper") ? n.path("upper").asText() : null,
                                n.path("rows").asLong()));
            }
        }
        return out;
    }

    /** One point in time: the same binary log file and position. */
    public static boolean samePoint(BinlogCoordinates a, BinlogCoordinates b) {
        return a != null && b != null && a.file().equals(b.file()) && a.position() == b.position();
    }

    private static ObjectNode coordinates(BinlogCoordinates c) {
        ObjectNode b = JSON.createObjectNode();
        if (c != null) {
            b.put("file", c.file());
            b.put("position", c.position());
            b.put("gtidSet", c.gtidSet());
        }
        return b;
    }

    private static BinlogCoordinates read(JsonNode b) {
        return b.hasNonNull("file")
                ? new BinlogCoordinates(
                        b.path("file").asText(),
                        b.path("position").asLong(),
                        b.path("gtidSet").asText(""))
                : null;
    }
}
