package dev.snapshift.internal.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** The JSON report of a {@code verify} run (the file edge). Holds no secrets. */
public final class VerifyJson {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerifyJson() {}

    public static ObjectNode toJson(VerifyResult r, VerifyConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("equal", r.equal());
        if (config != null) {
            root.put("source", config.source().redacted());
            root.put("target", config.target().redacted());
            root.put("threads", config.threads());
        }
        root.put("consistency", r.consistency());
        if (r.at() == null) {
            root.putNull("binlog");
        } else {
            root.putObject("binlog")
                    .put("file", r.at().file())
                    .put("position", r.at().position())
                    .put("gtidSet", r.at().gtidSet());
        }
        root.put("writesOnSource", r.writesOnSource());
        root.put("writesOnTarget", r.writesOnTarget());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("durationMillis", Duration.between(r.startedAt(), r.finishedAt()).toMillis());
        root.put("differingRows", r.differingRows());
        ArrayNode tables = root.putArray("tables");
        for (VerifyResult.TableResult t : r.tables()) {
            ObjectNode n = tables.addObject();
            n.put("database", t.database());
            n.put("name", t.table());
            n.put("outcome", t.outcome().name());
            n.put("sourceRows", t.sourceRows());
            n.put("targetRows", t.targetRows());
            n.put("chunks", t.chunks());
            n.put("differingChunks", t.differingChunks());
            n.put("settledChunks", t.settledChunks());
            n.put("differingRows", t.differingRows());
            ArrayNode keys = n.putArray("differingKeys");
            t.differingKeys().forEach(keys::add);
            if (t.note() != null) {
                n.put("note", t.note());
            }
        }
        ArrayNode schema = root.putArray("schemaDifferences");
        for (VerifyResult.SchemaDifference d : r.schema()) {
            schema.addObject().put("object", d.object()).put("difference", d.difference());
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        return root;
    }

    /** Writes atomically: a reader never sees half a report. */
    public static void write(Path file, VerifyResult r, VerifyConfig config) {
        try {
            Path abs = file.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = Files.createTempFile(abs.getParent(), ".snapshift-verify", ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(toJson(r, config)) + "\n");
            Files.move(
                    tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot write the report to " + file + ": " + e.getMessage(),
                    e);
        }
    }
}
