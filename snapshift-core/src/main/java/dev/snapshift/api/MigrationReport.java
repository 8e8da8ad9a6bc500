package dev.snapshift.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** The final JSON report: a rendering of one {@link MigrationState}. Holds no secrets. */
public final class MigrationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MigrationReport() {
    }

    public static ObjectNode toJson(MigrationState s, MigrationConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", s.status().name());
        root.put("phase", s.phase().name());
        root.put("consistency", s.consistency());
        if (config != null) {
            root.put("source", config.source().redacted());
            root.put("target", config.target().redacted());
            root.put("threads", config.threads());
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
                tn.put("chunks", t.chunksTotal());
                tn.put("chunksDone", t.chunksDone());
                tn.put("estimatedRows", t.estimatedRows());
                tn.put("retries", t.retries());
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
        ArrayNode changes = root.putArray("sourceChanges");
        for (SourceChange c : s.sourceChanges()) {
            changes.addObject().put("setting", c.setting()).put("original", c.original()).put("applied", c.applied())
                    .put("at", c.at().toString()).put("restored", c.restored());
        }
        ArrayNode objects = root.putArray("objects");
        for (MigrationState.ObjectState o : s.objects()) {
            ObjectNode on = objects.addObject();
            on.put("database", o.database());
            on.put("kind", o.kind());
            on.put("name", o.name());
            on.put("status", o.status().name());
            on.put("sqlMode", o.sqlMode());
            if (o.sqlModeTranslated()) {
                on.putObject("sqlModeTranslated").put("from", o.sqlMode()).put("to", o.targetSqlMode());
            }
            on.put("definer", o.definer());
            if (o.definerChanged()) {
                on.putObject("definerChanged").put("from", o.definer()).put("to", o.targetDefiner());
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
            restarts.addObject().put("at", r.at().toString()).put("reason", r.reason());
        }
        if (s.binlog() != null && config != null) {
            ObjectNode r = root.putObject("replication");
            r.put("mysql", ReplicationCommands.changeReplicationSource(s.binlog(), config.source()));
            r.put("mysqlLegacy", ReplicationCommands.changeMaster(s.binlog(), config.source()));
            r.put("azure", ReplicationCommands.azureChangeMaster(s.binlog(), config.source()));
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
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SnapshiftException(ErrorCode.USAGE, "cannot write the report to " + file + ": " + e.getMessage(), e);
        }
    }
}
