package dev.snapshift.app.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The page and its assets, from the classpath ({@code /dashboard/}); nothing else is served. */
final class StaticHandler implements Http.Handler {
    private static final Map<String, String> FILES =
            Map.of(
                    "/", "index.html",
                    "/index.html", "index.html",
                    "/app.js", "app.js",
                    "/wizard.js", "wizard.js",
                    "/style.css", "style.css");

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Http.requireMethod(exchange, "GET", "HEAD");
        String name = FILES.get(exchange.getRequestURI().getPath());
        if (name == null) {
            throw new ApiError(404, "not found: " + exchange.getRequestURI().getPath());
        }
        byte[] body;
        try (InputStream in = StaticHandler.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new ApiError(404, "not found: " + name);
            }
            body = in.readAllBytes();
        }
        String type =
                name.endsWith(".html")
                        ? "text/html; charset=utf-8"
                        : name.endsWith(".js")
                                ? "text/javascript; charset=utf-8"
                                : "text/css; charset=utf-8";
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:");
        Http.send(exchange, 200, type, body);
    }
}
