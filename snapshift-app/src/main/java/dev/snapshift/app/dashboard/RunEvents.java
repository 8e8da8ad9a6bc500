package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Server-sent events: the run's state every interval ({@code event: state}) until the run ended,
 * then one {@code event: end}. The first render happens before the response starts, so an unknown
 * run is a plain JSON 404.
 */
final class RunEvents {
    private final Duration interval;
    private volatile boolean stopped;

    RunEvents(Duration interval) {
        this.interval = interval;
    }

    void stop() {
        stopped = true;
    }

    void stream(HttpExchange exchange, Supplier<ObjectNode> state) throws IOException {
        ObjectNode first = state.get();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        ObjectNode current = first;
        while (true) {
            write(out, "state", Http.JSON.writeValueAsString(current));
            if (ended(current) || stopped) {
                write(out, "end", "{}");
                return;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                current = state.get();
            } catch (ApiError gone) {
                write(out, "end", "{}");
                return;
            }
        }
    }

    private static boolean ended(ObjectNode run) {
        return "DONE".equals(run.path("phase").asText()) || !run.path("alive").asBoolean(true);
    }

    private static void write(OutputStream out, String event, String data) throws IOException {
        out.write(
                ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
