package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.snapshift.Preflight;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.api.SnapshiftException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The New migration wizard: {@code GET /api/wizard} (the consistency choices), {@code POST
 * /api/wizard/databases} (the source's databases with sizes), {@code POST /api/wizard/preflight}
 * and {@code POST /api/wizard/start}. Bodies are JSON (which a foreign web page cannot send without
 * a CORS preflight this server never grants). Passwords are used for the connections only: never
 * answered, never written (the run state holds redacted URLs).
 */
public final class WizardHandler implements Http.Handler {
    private static final int MAX_BODY = 64 * 1024;

    private final Launcher launcher;
    private final Path stateDir;

    public WizardHandler(Launcher launcher, Path stateDir) {
        this.launcher = launcher;
        this.stateDir = stateDir;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String action =
                path.equals("/api/wizard") || path.equals("/api/wizard/")
                        ? ""
                        : path.substring("/api/wizard/".length());
        if (action.isEmpty()) {
            Http.requireMethod(exchange, "GET", "HEAD");
            ObjectNode body = Http.JSON.createObjectNode();
            body.set("consistency", ConsistencyChoices.json());
            body.set("definers", DefinerChoices.json());
            Http.sendJson(exchange, 200, body);
            return;
        }
        if (!action.equals("databases") && !action.equals("preflight") && !action.equals("start")) {
            throw new ApiError(
                    404,
                    "no such endpoint: "
                            + path
                            + " (try /api/wizard/databases, /preflight or /start)");
        }
        Http.requireMethod(exchange, "POST");
        JsonNode request = body(exchange);
        try {
            switch (action) {
                case "databases" -> {
                    ObjectNode out = Http.JSON.createObjectNode();
                    out.set(
                            "databases",
                            SourceDatabases.list(WizardRequest.connection(request, "source")));
                    Http.sendJson(exchange, 200, out);
                }
                case "preflight" ->
                        Http.sendJson(
                                exchange, 200, preflight(WizardRequest.config(request, stateDir)));
                default -> {
                    MigrationConfig config = WizardRequest.config(request, stateDir);
                    ObjectNode out = Http.JSON.createObjectNode();
                    out.put("runId", launcher.start(config));
                    Http.sendJson(exchange, 202, out);
                }
            }
        } catch (SnapshiftException e) {
            throw new ApiError(e.code() == ErrorCode.USAGE ? 400 : 422, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the dashboard is stopping");
        }
    }

    private static ObjectNode preflight(MigrationConfig config) {
        PreflightReport report = Preflight.run(config);
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("failed", report.failed());
        com.fasterxml.jackson.databind.node.ArrayNode checks = out.putArray("checks");
        for (PreflightCheck c : report.checks()) {
            checks.addObject()
                    .put("name", c.name())
                    .put("level", c.level().name())
                    .put("detail", c.detail())
                    .put("fix", c.fix());
        }
        return out;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ApiError(415, "send the form as JSON (Content-Type: application/json)");
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiError(413, "the request is larger than " + MAX_BODY / 1024 + " KiB");
        }
        try {
            JsonNode n = Http.JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new ApiError(400, "the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "the body is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
