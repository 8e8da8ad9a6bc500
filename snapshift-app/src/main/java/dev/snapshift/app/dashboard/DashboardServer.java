package dev.snapshift.app.dashboard;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.app.NamedThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web dashboard: the page, {@code /api/runs...} and, when given, the wizard's endpoints. Bound
 * to 127.0.0.1 unless told otherwise; bound elsewhere, every request needs the random access token
 * of {@link #url()}.
 */
public final class DashboardServer implements AutoCloseable {
    /** Threads serving requests (and event streams) at once. */
    static final int MAX_THREADS = 32;

    static final Duration EVENT_INTERVAL = Duration.ofMillis(500);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RunEvents events;
    private final String token;
    private final String url;

    private DashboardServer(
            HttpServer server,
            ExecutorService executor,
            RunEvents events,
            String token,
            String url) {
        this.server = server;
        this.executor = executor;
        this.events = events;
        this.token = token;
        this.url = url;
    }

    public static DashboardServer start(UiAddress address, RunSource runs) {
        return start(address, runs, Map.of());
    }

    /** With the New migration wizard ({@code /api/wizard/...}). */
    public static DashboardServer start(UiAddress address, RunSource runs, WizardHandler wizard) {
        return start(address, runs, Map.of("/api/wizard", wizard));
    }

    /**
     * @param extra more API endpoints by path prefix (the wizard's), behind the same access check
     */
    static DashboardServer start(
            UiAddress address, RunSource runs, Map<String, Http.Handler> extra) {
        String token = address.loopback() ? null : HexFormat.of().formatHex(randomBytes());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 50);
        } catch (IOException | RuntimeException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--ui "
                            + address.host()
                            + ":"
                            + address.port()
                            + ": cannot listen there ("
                            + e.getMessage()
                            + "); choose another port, or 0 for any free one",
                    e);
        }
        RunEvents events = new RunEvents(EVENT_INTERVAL);
        AccessFilter access = new AccessFilter(token);
        Map<String, Http.Handler> handlers = new LinkedHashMap<>(extra);
        handlers.put("/api/runs", new RunsHandler(runs, Clock.systemUTC(), events));
        handlers.put(
                "/api/",
                exchange -> {
                    throw new ApiError(
                            404,
                            "no such endpoint: "
                                    + exchange.getRequestURI().getPath()
                                    + " (try /api/runs)");
                });
        handlers.put("/", new StaticHandler());
        handlers.forEach(
                (path, handler) -> {
                    HttpContext context = server.createContext(path, Http.guarded(handler));
                    context.getFilters().add(access);
                });
        // bounded: each open page holds one thread for its event stream; more requests than threads
        // wait their turn
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        MAX_THREADS, NamedThreads.factory("snapshift-dashboard"));
        server.setExecutor(executor);
        server.start();
        int port = server.getAddress().getPort();
        String host = urlHost(address.host());
        String url = "http://" + host + ":" + port + "/" + (token == null ? "" : "?token=" + token);
        return new DashboardServer(server, executor, events, token, url);
    }

    /**
     * The host to print: for a wildcard bind (0.0.0.0, ::) this machine's name, which other
     * machines can reach.
     */
    private static String urlHost(String bound) {
        String host = bound;
        if (bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("0:0:0:0:0:0:0:0")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = bound;
            }
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** The page's address, with the access token when one is needed. */
    public String url() {
        return url;
    }

    /** Null when bound to a loopback address. */
    public String token() {
        return token;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        events.stop();
        server.stop(1);
        executor.shutdownNow();
    }
}
