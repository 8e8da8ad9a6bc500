package dev.snapshift.app.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to the dashboard. Bound to a loopback address: any local client whose Host header
 * names the loopback (so a web page elsewhere cannot reach it through DNS rebinding). Bound
 * elsewhere: only requests carrying the access token printed at start, as {@code Authorization:
 * Bearer TOKEN}, {@code X-Snapshift-Token: TOKEN} or {@code ?token=TOKEN}; a request that carried
 * it gets it back as an HttpOnly, SameSite=Strict cookie, so that the page's own assets load.
 */
final class AccessFilter extends Filter {
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    static final String COOKIE = "snapshift_token";

    private final String token;

    /**
     * @param token null: loopback only, no token
     */
    AccessFilter(String token) {
        this.token = token;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String refusal = token == null ? checkLocalHost(exchange) : checkToken(exchange);
        if (refusal != null) {
            try (exchange) {
                Http.sendError(exchange, token == null ? 403 : 401, refusal);
            }
            return;
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "snapshift dashboard access";
    }

    private static String checkLocalHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return null;
        }
        String name =
                host.startsWith("[")
                        ? host.substring(0, host.indexOf(']') + 1)
                        : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        if (LOCAL_HOSTS.contains(name.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "this dashboard only answers requests for localhost or 127.0.0.1, not '"
                + host
                + "'";
    }

    private String checkToken(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("X-Snapshift-Token");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null) {
            given = tokenParameter(exchange.getRequestURI());
        }
        if (given == null) {
            given = cookie(exchange);
        } else if (matches(given)) {
            exchange.getResponseHeaders()
                    .add(
                            "Set-Cookie",
                            COOKIE + "=" + token + "; HttpOnly; SameSite=Strict; Path=/");
        }
        if (given != null && matches(given)) {
            return null;
        }
        return given == null
                ? "this dashboard needs the access token printed when snapshift started: add ?token=TOKEN to the URL"
                : "wrong access token: use the one printed when snapshift started";
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static String cookie(HttpExchange exchange) {
        for (String header :
                exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String c : header.split(";")) {
                String t = c.trim();
                if (t.startsWith(COOKIE + "=")) {
                    return t.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static String tokenParameter(URI uri) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return "";
                }
            }
        }
        return null;
    }
}
