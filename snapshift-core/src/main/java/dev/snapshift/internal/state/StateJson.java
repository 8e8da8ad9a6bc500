package dev.snapshift.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.ReplicationCommands;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.SourceChange;
import dev.snapshift.api.Status;
import dev.snapshift.api.Transformation;
import dev.snapshift.api.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form of a {@link MigrationState}: the report file, {@code state.json} and the
 * dashboard's API all render it here, and {@code state.json} is read back here into the typed
 * state. Holds no secrets.
 */
public final class StateJson {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StateJson() {}

    /**
     * What the report says about the run besides its state: redacted URLs, workers, and the source
     * to write the replication commands for (null: none).
     */
    public record Context(
            String source, String target, int threads, ConnectionSpec replicationSource) {
        static Context of(MigrationConfig c) {
            return new Context(
                    c.source().redacted(), c.target().redacted(), c.threads(), c.source());
        }

        /**
         * A recorded run: its redacted URLs, and the source read back from them (no password, none
         * is needed).
         */
        static Context of(RunRecord r) {
            ConnectionSpec source = null;
            if (r.source() != null) {
                try {
                    source = ConnectionSpec.parse("source", r.source().replace(":***@", "@"), "");
                } catch (RuntimeException unreadable) {
                    source = null; // e.g. its ssl-ca file is gone: the report just has no
                    // replication commands
                }
            }
            return new Context(r.source(), r.target(), r.threads(), source);
        }
    }

    public static ObjectNode toJson(MigrationState s, MigrationConfig config) {
        return toJson(s, config == null ? null : Context.of(config));
    }

    /**
     * A recorded run's last state; a run that died before its first save has an empty STARTING
     * state.
     */
    public static ObjectNode toJson(RunRecord r) {
        MigrationState s =
                r.state() != null
                        ? r.state()
                        : new MigrationState(
                                Phase.STARTING,
                                Status.IN_PROGRESS,
                                "SNAPSHOT",
                                null,
                                null,
                                List.of(),
                                r.startedAt(),
                                null,
                                null,
                                null,
                                List.of());
        ObjectNode json = toJson(s, Context.of(r));
        if (r.state() == null) {
            json.put("status", "UNKNOWN");
        }
        return json;
    }

    public static ObjectNode toJson(MigrationState s, Context ctx) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", s.status().name());
        root.put("phase", s.phase().name());
        root.put("consistency", s.consistency());
        if (ctx != null) {
            if (ctx.source() != null) {
                root.put("source", ctx.source());
            }
            if (ctx.target() != null) {
                root.put("target", ctx.target());
            }
            if (ctx.threads() > 0) {
                root.put("threads", ctx.threads());
            }
        }
        if (s.binlog() == null) {
            root.putNull("binlog");
        } else {
            ObjectNode b = root.putObject("binlog");
            b.put("file", s.binlog().file());
            b.put("position", s.binlog().position());
            b.put("gtidSet", s.binlog().gtidSet());
        }
        if (s.lock() == null) {
            root.putNull("lock");
        } else {
            ObjectNode l = root.putObject("lock");
            l.put("waitMillis", s.lock().waitMillis());
            l.put("heldMillis", s.lock().heldMillis());
        }
        root.put("startedAt", s.startedAt().toString());
        if (s.finishedAt() != null) {
            root.put("finishedAt", s.finishedAt().toString());
            root.put("durationMillis", Duration.between(s.startedAt(), s.finishedAt()).toMillis());
        }
        root.put("rows", s.totalRows());
        root.put("verification", s.verdict().name());
        root.put("chunksVerified", s.chunksVerified());
        if (s.errorCode() != null || s.error() != null) {
            ObjectNode e = root.putObject("error");
            e.put("code", s.errorCode() == null ? ErrorCode.COPY.name() : s.errorCode().name());
            e.put("message", s.error());
        }
        ArrayNode dbs = root.putArray("databases");
        for (MigrationState.DatabaseState d : s.databases()) {
            ObjectNode dn = dbs.addObject();
            dn.put("name", d.name());
            dn.put("status", d.status().name());
            ArrayNode ts = dn.putArray("tables");
            for (MigrationState.TableState t : d.tables()) {
                ObjectNode tn = ts.addObject();
                tn.put("name", t.name());
                tn.put("status", t.status().name());
                tn.put("rows", t.rows());
                if (t.rowsInFlight() > 0) {
                    tn.put("rowsInFlight", t.rowsInFlight());
                }
                if (!t.notes().isEmpty()) {
                    ArrayNode notes = tn.putArray("notes");
                    t.notes().forEach(notes::add);
                }
                tn.put("chunks", t.chunksTotal());
                tn.put("chunksDone", t.chunksDone());
                tn.put("estimatedRows", t.estimatedRows());
                tn.put("retries", t.retries());
                switch (t.verified()) {
                    case VERIFIED -> tn.put("verified", true);
                    case MISMATCH -> tn.put("verified", "mismatch");
                    default -> tn.put("verified", false);
                }
                tn.put("chunksVerified", t.chunksVerified());
                if (!t.differingKeys().isEmpty()) {
                    ArrayNode keys = tn.putArray("differingKeys");
                    t.differingKeys().forEach(keys::add);
                }
                if (t.error() != null) {
                    tn.put("error", t.error());
                }
                if (!t.errors().isEmpty()) {
                    ArrayNode errors = tn.putArray("errors");
                    t.errors().forEach(errors::add);
                }
            }
        }
        if (s.sourceServer() != null) {
            root.put("sourceServer", s.sourceServer());
        }
        if (!s.transformations().isEmpty()) {
            ArrayNode tf = root.putArray("transformations");
            for (Transformation t : s.transformations()) {
                ObjectNode n = tf.addObject().put("kind", t.kind()).put("object", t.object());
                n.put("from", t.from());
                n.put("to", t.to());
                n.put("reason", t.reason());
                n.put("description", t.describe());
            }
        }
        ArrayNode changes = root.putArray("sourceChanges");
        for (SourceChange c : s.sourceChanges()) {
            changes.addObject()
                    .put("setting", c.setting())
                    .put("original", c.original())
                    .put("applied", c.applied())
                    .put("at", c.at().toString())
                    .put("restored", c.restored());
        }
        ArrayNode objects = root.putArray("objects");
        for (MigrationState.ObjectState o : s.objects()) {
            ObjectNode on = objects.addObject();
            on.put("database", o.database());
            on.put("kind", o.kind());
            on.put("name", o.name());
            on.put("label", o.label());
            on.put("status", o.status().name());
            on.put("sqlMode", o.sqlMode());
            if (o.sqlModeTranslated()) {
                on.putObject("sqlModeTranslated")
                        .put("from", o.sqlMode())
                        .put("to", o.targetSqlMode());
            }
            on.put("definer", o.definer());
            if (o.definerChanged()) {
                on.putObject("definerChanged")
                        .put("from", o.definer())
                        .put("to", o.targetDefiner());
            }
            if (!o.notes().isEmpty()) {
                ArrayNode notes = on.putArray("notes");
                o.notes().forEach(notes::add);
            }
            if (o.error() != null) {
                on.put("error", o.error());
            }
        }
        ArrayNode restarts = root.putArray("restarts");
        for (MigrationState.Restart r : s.restarts()) {
            ObjectNode rn =
                    restarts.addObject().put("at", r.at().toString()).put("reason", r.reason());
            if (r.resume() != null) {
                MigrationState.Resume x = r.resume();
                ObjectNode res = rn.putObject("resume");
                if (x.from() != null) {
                    res.set("fromCoordinates", coordinates(x.from()));
                }
                if (x.to() != null) {
                    res.set("toCoordinates", coordinates(x.to()));
                }
                res.put("keptChunks", x.keptChunks())
                        .put("keptRows", x.keptRows())
                        .put("copiedRows", x.copiedRows())
                        .put("replayedTransactions", x.replayedTransactions())
                        .put("replayedEvents", x.replayedEvents())
                        .put("replayedRows", x.replayedRows());
            }
        }
        if (s.catchUp() != null) {
            root.set("catchUp", OnlineJson.catchUp(s.catchUp()));
        }
        if (s.cutover() != null) {
            root.set("cutover", OnlineJson.cutover(s.cutover()));
        }
        if (s.binlog() != null && ctx != null && ctx.replicationSource() != null) {
            ObjectNode r = root.putObject("replication");
            r.put(
                    "mysql",
                    ReplicationCommands.changeReplicationSource(
                            s.binlog(), ctx.replicationSource()));
            r.put(
                    "mysqlLegacy",
                    ReplicationCommands.changeMaster(s.binlog(), ctx.replicationSource()));
            r.put(
                    "azure",
                    ReplicationCommands.azureChangeMaster(s.binlog(), ctx.replicationSource()));
            // which path moves the changes after the copy: snapshift's own catch-up, or the
            // native replication these commands set up
            r.put("path", s.catchUp() != null ? "snapshift-catchup" : "native-replication");
        }
        return root;
    }

    public static String render(MigrationState s, MigrationConfig config) {
        try {
            return JSON.writeValueAsString(toJson(s, config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes atomically: a reader never sees half a report. */
    public static void write(Path file, MigrationState s, MigrationConfig config) {
        try {
            Path abs = file.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = Files.createTempFile(abs.getParent(), ".snapshift-report", ".tmp");
            Files.writeString(tmp, render(s, config) + "\n");
            Files.move(
                    tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot write the report to " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Reads a state written by {@link #toJson} back (state.json of a run, perhaps of an older
     * version: fields it does not have take their empty values). Unknown enum values read as the
     * closest meaning, never fail the read.
     */
    public static MigrationState fromJson(JsonNode r) {
        List<MigrationState.DatabaseState> dbs = new ArrayList<>();
        for (JsonNode d : r.path("databases")) {
            List<MigrationState.TableState> tables = new ArrayList<>();
            for (JsonNode t : d.path("tables")) {
                List<String> errors = new ArrayList<>();
                t.path("errors").forEach(e -> errors.add(e.asText()));
                String error = text(t, "error");
                tables.add(
                        new MigrationState.TableState(
                                t.path("name").asText(),
                                status(t.path("status").asText()),
                                t.path("rows").asLong(),
                                t.path("estimatedRows").asLong(),
                                t.path("chunksDone").asInt(),
                                t.path("chunks").asInt(),
                                t.path("retries").asInt(),
                                error,
                                errors.isEmpty() && error != null ? List.of(error) : errors,
                                t.path("rowsInFlight").asLong(0),
                                texts(t.path("notes")),
                                verdict(t.path("verified"), r.path("verification")),
                                t.path("chunksVerified").asInt(0),
                                texts(t.path("differingKeys"))));
            }
            dbs.add(
                    new MigrationState.DatabaseState(
                            d.path("name").asText(), status(d.path("status").asText()), tables));
        }
        List<MigrationState.Restart> restarts = new ArrayList<>();
        for (JsonNode x : r.path("restarts")) {
            JsonNode res = x.path("resume");
            restarts.add(
                    new MigrationState.Restart(
                            instant(text(x, "at")),
                            x.path("reason").asText(),
                            res.isObject()
                                    ? new MigrationState.Resume(
                                            readCoordinates(res.path("fromCoordinates")),
                                            readCoordinates(res.path("toCoordinates")),
                                            res.path("keptChunks").asLong(),
                                            res.path("keptRows").asLong(),
                                            res.path("copiedRows").asLong(),
                                            res.path("replayedTransactions").asLong(),
                                            res.path("replayedEvents").asLong(),
                                            res.path("replayedRows").asLong())
                                    : null));
        }
        List<MigrationState.ObjectState> objects = new ArrayList<>();
        for (JsonNode o : r.path("objects")) {
            List<String> notes = new ArrayList<>();
            o.path("notes").forEach(n -> notes.add(n.asText()));
            objects.add(
                    new MigrationState.ObjectState(
                            o.path("database").asText(),
                            o.path("kind").asText(),
                            o.path("name").asText(),
                            status(o.path("status").asText()),
                            text(o, "sqlMode"),
                            o.has("sqlModeTranslated")
                                    ? text(o.path("sqlModeTranslated"), "to")
                                    : null,
                            text(o, "definer"),
                            o.has("definerChanged") ? text(o.path("definerChanged"), "to") : null,
                            notes,
                            text(o, "error")));
        }
        List<SourceChange> changes = new ArrayList<>();
        for (JsonNode c : r.path("sourceChanges")) {
            changes.add(
                    new SourceChange(
                            c.path("setting").asText(),
                            c.path("original").asText(),
                            c.path("applied").asText(),
                            instant(text(c, "at")),
                            c.path("restored").asBoolean(false)));
        }
        JsonNode b = r.path("binlog");
        JsonNode l = r.path("lock");
        JsonNode e = r.path("error");
        ErrorCode code = null;
        if (e.isObject() && e.hasNonNull("code")) {
            try {
                code = ErrorCode.valueOf(e.path("code").asText());
            } catch (IllegalArgumentException unknown) {
                code = ErrorCode.INTERNAL;
            }
        }
        return new MigrationState(
                phase(r.path("phase").asText()),
                status(r.path("status").asText()),
                r.path("consistency").asText("SNAPSHOT"),
                b.isObject()
                        ? new BinlogCoordinates(
                                b.path("file").asText(),
                                b.path("position").asLong(),
                                b.path("gtidSet").asText(""))
                        : null,
                l.isObject()
                        ? new MigrationState.LockTiming(
                                l.path("waitMillis").asLong(), l.path("heldMillis").asLong())
                        : null,
                dbs,
                instant(text(r, "startedAt")),
                instant(text(r, "finishedAt")),
                code,
                e.isObject() ? text(e, "message") : null,
                restarts,
                objects,
                changes,
                text(r, "sourceServer"),
                transformations(r.path("transformations")),
                r.path("catchUp").isObject() ? OnlineJson.catchUp(r.path("catchUp")) : null,
                r.path("cutover").isObject() ? OnlineJson.cutover(r.path("cutover")) : null,
                r.has("verification") && !"OFF".equals(r.path("verification").asText()));
    }

    private static List<Transformation> transformations(JsonNode array) {
        List<Transformation> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(
                    new Transformation(
                            n.path("kind").asText(),
                            n.path("object").asText(),
                            text(n, "from"),
                            text(n, "to"),
                            text(n, "reason")));
        }
        return out;
    }

    /**
     * A table's {@code verified} (true, false, "mismatch") read back; OFF when the run did not
     * verify.
     */
    static Verdict verdict(JsonNode verified, JsonNode run) {
        if (run.isMissingNode() || "OFF".equals(run.asText())) {
            return Verdict.OFF;
        }
        if (verified.isBoolean()) {
            return verified.asBoolean() ? Verdict.VERIFIED : Verdict.UNVERIFIED;
        }
        return "mismatch".equals(verified.asText()) ? Verdict.MISMATCH : Verdict.UNVERIFIED;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static java.time.Instant instant(String s) {
        try {
            return s == null ? null : java.time.Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static Status status(String s) {
        try {
            return Status.valueOf(s);
        } catch (IllegalArgumentException e) {
            return Status.IN_PROGRESS;
        }
    }

    static Phase phase(String s) {
        try {
            return Phase.valueOf(s);
        } catch (IllegalArgumentException e) {
            return Phase.STARTING;
        }
    }

    private static ObjectNode coordinates(BinlogCoordinates c) {
        ObjectNode b = RunStore.JSON.createObjectNode();
        b.put("file", c.file());
        b.put("position", c.position());
        b.put("gtidSet", c.gtidSet());
        return b;
    }

    private static BinlogCoordinates readCoordinates(JsonNode b) {
        return b.isObject()
                ? new BinlogCoordinates(
                        b.path("file").asText(),
                        b.path("position").asLong(),
                        b.path("gtidSet").asText(""))
                : null;
    }
}
