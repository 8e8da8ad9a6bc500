package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Response helpers shared by the handlers: JSON bodies, JSON errors, query strings. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    private Http() {}

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /**
     * Wraps a handler: an {@link ApiError} becomes its JSON error, anything else a 500 without a
     * stack trace.
     */
    static HttpHandler guarded(Handler h) {
        return exchange -> {
            try (exchange) {
                try {
                    h.handle(exchange);
                } catch (ApiError e) {
                    sendError(exchange, e.status(), e.getMessage());
                } catch (IOException e) {
                    LOG.debug("dashboard client went away: {}", e.toString());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "dashboard request {} failed",
                            exchange.getRequestURI().getRawPath(),
                            e);
                    sendError(
                            exchange,
                            500,
                            "internal error ("
                                    + e.getClass().getSimpleName()
                                    + "); see the snapshift log");
                }
            }
        };
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void sendError(HttpExchange exchange, int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("status", status).put("message", message);
        try {
            sendJson(exchange, status, body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot send the error: {}", e.toString());
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    static void requireMethod(HttpExchange exchange, String... allowed) {
        for (String m : allowed) {
            if (m.equals(exchange.getRequestMethod())) {
                return;
            }
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new ApiError(
                405,
                "method "
                        + exchange.getRequestMethod()
                        + " is not allowed here; use "
                        + String.join(" or ", allowed));
    }

    /** The decoded query parameters (the last value of a repeated name wins). */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name =
                        URLDecoder.decode(
                                eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value =
                        eq < 0
                                ? ""
                                : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(name, value);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "malformed query string: " + e.getMessage());
            }
        }
        return params;
    }
}
