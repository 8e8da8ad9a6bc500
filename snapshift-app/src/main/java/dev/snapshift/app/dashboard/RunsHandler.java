package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code GET /api/runs} (every run, newest first), {@code GET /api/runs/ID} (the report JSON with
 * the derived overview) and {@code GET /api/runs/ID/events} (the same, pushed as server-sent
 * events).
 */
final class RunsHandler implements Http.Handler {
    static final String RUN_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private final RunSource runs;
    private final Overview overview;
    private final Clock clock;
    private final RunEvents events;

    RunsHandler(RunSource runs, Clock clock, RunEvents events) {
        this.runs = runs;
        this.overview = new Overview(new TableTimes());
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Http.requireMethod(exchange, "GET", "HEAD");
        Http.query(exchange); // rejects a malformed query string
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.substring("/api/runs".length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            throw new ApiError(404, "no such endpoint: " + path + " (try /api/runs)");
        }
        if (rest.isEmpty() || rest.equals("/")) {
            Http.sendJson(exchange, 200, list());
            return;
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("events"))) {
            throw new ApiError(
                    404,
                    "no such endpoint: "
                            + path
                            + " (try /api/runs, /api/runs/ID or /api/runs/ID/events)");
        }
        String id;
        try {
            id = java.net.URLDecoder.decode(parts[0], java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "malformed run id: " + e.getMessage());
        }
        if (!id.matches(RUN_ID)) {
            throw new ApiError(
                    400,
                    "malformed run id '"
                            + abbreviate(id)
                            + "': a run id looks like 20261124-043512-7f3a");
        }
        if (parts.length == 2) {
            events.stream(exchange, () -> render(id));
        } else {
            Http.sendJson(exchange, 200, render(id));
        }
    }

    /** The run with its overview; an {@link ApiError} 404 when it is unknown. */
    ObjectNode render(String id) {
        RunView run =
                runs.find(id)
                        .orElseThrow(
                                () ->
                                        new ApiError(
                                                404,
                                                "no run with id '"
                                                        + id
                                                        + "'; GET /api/runs lists them"));
        return overview.render(run, clock.instant());
    }

    private ObjectNode list() {
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode list = body.putArray("runs");
        for (RunView v : runs.list()) {
            ObjectNode r = list.addObject();
            r.put("runId", v.runId());
            r.put("status", v.status());
            r.put("phase", v.state().phase().name());
            r.put("consistency", v.state().consistency());
            for (String f : new String[] {"source", "target"}) {
                if (v.report().has(f)) {
                    r.set(f, v.report().get(f));
                }
            }
            if (v.state().startedAt() != null) {
                r.put("startedAt", v.state().startedAt().toString());
            }
            if (v.state().finishedAt() != null) {
                r.put("finishedAt", v.state().finishedAt().toString());
            }
            r.put("rows", v.state().totalRows());
            r.put("statusLabel", Overview.label(v.status()));
            r.put("live", v.live());
            r.put("alive", v.alive());
        }
        return body;
    }

    private static String abbreviate(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
