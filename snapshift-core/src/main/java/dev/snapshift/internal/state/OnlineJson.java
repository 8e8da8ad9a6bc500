package dev.snapshift.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.CatchUpState;
import dev.snapshift.api.CutoverState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of the catch-up and the cutover of an online run, both ways (part of {@link
 * StateJson}).
 */
final class OnlineJson {
    private static final JsonNodeFactory F = new ObjectMapper().getNodeFactory();

    private OnlineJson() {}

    static ObjectNode catchUp(CatchUpState c) {
        ObjectNode n = F.objectNode();
        n.put("onDdl", c.onDdl());
        n.set("start", coordinates(c.start()));
        n.set("applied", coordinates(c.applied()));
        putInstant(n, "appliedEventTime", c.appliedEventTime());
        n.put("secondsBehind", c.secondsBehind());
        n.put("bytesBehind", c.bytesBehind());
        n.set("sourceHead", coordinates(c.sourceHead()));
        n.put("eventsPerSecond", round(c.eventsPerSecond()));
        n.put("rowsPerSecond", round(c.rowsPerSecond()));
        n.put("transactions", c.transactions());
        n.put("events", c.events());
        n.put("rows", c.rows());
        n.putObject("idempotent")
                .put("insertsReplaced", c.insertsReplaced())
                .put("updatesMissing", c.updatesMissing())
                .put("deletesMissing", c.deletesMissing());
        ArrayNode full = n.putArray("fullRowMatchTables");
        c.fullRowMatchTables().forEach(full::add);
        ArrayNode ddl = n.putArray("ddl");
        for (CatchUpState.DdlEvent d : c.ddl()) {
            ObjectNode e = ddl.addObject();
            e.set("position", coordinates(d.position()));
            e.put("database", d.database());
            e.put("statement", d.statement());
            e.put("action", d.action());
            putInstant(e, "at", d.at());
        }
        n.put("binlogReconnects", c.binlogReconnects());
        n.put("targetRetries", c.targetRetries());
        putInstant(n, "caughtUpAt", c.caughtUpAt());
        ArrayNode notes = n.putArray("notes");
        c.notes().forEach(notes::add);
        return n;
    }

    static CatchUpState catchUp(JsonNode n) {
        List<CatchUpState.DdlEvent> ddl = new ArrayList<>();
        for (JsonNode e : n.path("ddl")) {
            ddl.add(
                    new CatchUpState.DdlEvent(
                            coordinates(e.path("position")),
                            text(e, "database"),
                            text(e, "statement"),
                            text(e, "action"),
                            instant(e, "at")));
        }
        JsonNode idem = n.path("idempotent");
        return new CatchUpState(
                n.path("onDdl").asText("STOP"),
                coordinates(n.path("start")),
                coordinates(n.path("applied")),
                instant(n, "appliedEventTime"),
                n.path("secondsBehind").asLong(-1),
                n.path("bytesBehind").asLong(-1),
                coordinates(n.path("sourceHead")),
                n.path("eventsPerSecond").asDouble(0),
                n.path("rowsPerSecond").asDouble(0),
                n.path("transactions").asLong(0),
                n.path("events").asLong(0),
                n.path("rows").asLong(0),
                idem.path("insertsReplaced").asLong(0),
                idem.path("updatesMissing").asLong(0),
                idem.path("deletesMissing").asLong(0),
                texts(n.path("fullRowMatchTables")),
                ddl,
                n.path("binlogReconnects").asInt(0),
                n.path("targetRetries").asInt(0),
                instant(n, "caughtUpAt"),
                texts(n.path("notes")));
    }

    static ObjectNode cutover(CutoverState c) {
        ObjectNode n = F.objectNode();
        putInstant(n, "requestedAt", c.requestedAt());
        n.put("readOnly", c.readOnly());
        putInstant(n, "writesStoppedAt", c.writesStoppedAt());
        putInstant(n, "finishedAt", c.finishedAt());
        if (c.writesStoppedAt() != null && c.finishedAt() != null) {
            n.put("writesStoppedMillis", c.writesStopped(c.finishedAt()).toMillis());
        }
        n.set("finalCoordinates", coordinates(c.finalCoordinates()));
        n.put("verify", c.verify());
        n.put("verdict", c.verdict().name());
        ArrayNode tables = n.putArray("tables");
        for (CutoverState.TableCheck t : c.tables()) {
            ObjectNode x = tables.addObject();
            x.put("database", t.database());
            x.put("table", t.table());
            x.put("sourceRows", t.sourceRows());
            x.put("targetRows", t.targetRows());
            if (t.sourceDigest() != null) {
                x.put("sourceDigest", t.sourceDigest());
                x.put("targetDigest", t.targetDigest());
            }
            x.put("equal", t.equal());
        }
        ArrayNode notes = n.putArray("notes");
        c.notes().forEach(notes::add);
        if (c.error() != null) {
            n.put("error", c.error());
        }
        return n;
    }

    static CutoverState cutover(JsonNode n) {
        List<CutoverState.TableCheck> tables = new ArrayList<>();
        for (JsonNode t : n.path("tables")) {
            tables.add(
                    new CutoverState.TableCheck(
                            text(t, "database"),
                            text(t, "table"),
                            t.path("sourceRows").asLong(),
                            t.path("targetRows").asLong(),
                            text(t, "sourceDigest"),
                            text(t, "targetDigest")));
        }
        CutoverState.Verdict verdict;
        try {
            verdict = CutoverState.Verdict.valueOf(n.path("verdict").asText("IN_PROGRESS"));
        } catch (IllegalArgumentException unknown) {
            verdict = CutoverState.Verdict.FAILED;
        }
        return new CutoverState(
                instant(n, "requestedAt"),
                n.path("readOnly").asBoolean(false),
                instant(n, "writesStoppedAt"),
                instant(n, "finishedAt"),
                coordinates(n.path("finalCoordinates")),
                n.path("verify").asText("COUNTS"),
                verdict,
                tables,
                texts(n.path("notes")),
                text(n, "error"));
    }

    static JsonNode coordinates(BinlogCoordinates c) {
        if (c == null) {
            return F.nullNode();
        }
        return F.objectNode()
                .put("file", c.file())
                .put("position", c.position())
                .put("gtidSet", c.gtidSet());
    }

    static BinlogCoordinates coordinates(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        return new BinlogCoordinates(
                n.path("file").asText(), n.path("position").asLong(), n.path("gtidSet").asText(""));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void putInstant(ObjectNode n, String field, Instant value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.toString());
        }
    }

    private static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
