package dev.snapshift.internal.jdbc;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.SslMode;
import dev.snapshift.internal.concurrent.Threads;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Opens JDBC connections for a {@link ConnectionSpec}. Credentials travel in {@link Properties},
 * never in the URL, so they cannot leak through driver messages that echo the URL. Connections
 * never reconnect by themselves: a lost session must be noticed, not silently replaced.
 */
public final class Connections {
    private final ConnectionSpec spec;
    private final String role;
    private final TrustStores trustStores;

    private final java.time.Duration networkTimeout;
    private final java.nio.file.Path localInfileDir;

    public Connections(
            String role,
            ConnectionSpec spec,
            TrustStores trustStores,
            java.time.Duration networkTimeout) {
        this(role, spec, trustStores, networkTimeout, null);
    }

    /**
     * @param localInfileDir where LOAD DATA LOCAL INFILE may name files: a private empty folder, so
     *     that only the streams snapshift hands over are ever sent — a hostile server asking for
     *     another file gets nothing (null: LOCAL INFILE off)
     */
    public Connections(
            String role,
            ConnectionSpec spec,
            TrustStores trustStores,
            java.time.Duration networkTimeout,
            java.nio.file.Path localInfileDir) {
        this.role = role;
        this.spec = spec;
        this.trustStores = trustStores;
        this.networkTimeout = networkTimeout;
        this.localInfileDir = localInfileDir;
    }

    public ConnectionSpec spec() {
        return spec;
    }

    public java.nio.file.Path localInfileDir() {
        return localInfileDir;
    }

    public String role() {
        return role;
    }

    public Connection open() {
        return open("client");
    }

    /**
     * A new connection. On the source every connection is made read-only for transactions at once
     * ({@code SET SESSION TRANSACTION READ ONLY}), so that no statement snapshift runs there can
     * change data: the server itself refuses. The read-only switch changes global variables, which
     * that does not prevent. Source sessions also get an empty sql_mode, so that the server's
     * default mode cannot change what snapshift reads.
     *
     * @param purpose shown to the server as the connection attribute {@code snapshift_role} (e.g.
     *     {@code session-3}, {@code coordinator}), so that a DBA, or a fault test, can tell
     *     snapshift's connections apart in {@code performance_schema.session_connect_attrs}
     */
    public Connection open(String purpose) {
        return open(purpose, java.util.Map.of());
    }

    /**
     * As {@link #open(String)}, with more driver properties (the catch-up's apply session sends
     * several statements at once: {@code allowMultiQueries}).
     */
    public Connection open(String purpose, java.util.Map<String, String> driverProperties) {
        if (driverProperties.isEmpty()) {
            CompletableFuture<Ahead> opened = takeAhead(purpose);
            if (opened != null) {
                Ahead a = await(opened);
                if (System.nanoTime() - a.openedAt() < CHECK_AHEAD_AFTER.toNanos()
                        || answers(a.connection())) {
                    return a.connection();
                }
                // waited long (a lock that took its time): the server may have closed it
                // (wait_timeout), or someone killed it; a new one instead
                Jdbc.closeQuietly(a.connection(), null);
            }
        }
        return openNow(purpose, driverProperties);
    }

    /** A connection opened ahead, and when its opening ended ({@link System#nanoTime()}). */
    private record Ahead(Connection connection, long openedAt) {}

    /** A connection opened ahead longer ago than this is checked before it is handed out. */
    public static final java.time.Duration CHECK_AHEAD_AFTER = java.time.Duration.ofSeconds(2);

    private static boolean answers(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Connections being opened ahead, by purpose, for {@link #open(String)} to take (see {@link
     * #openAhead}); guarded by itself.
     */
    private final Map<String, ArrayDeque<CompletableFuture<Ahead>>> ahead = new HashMap<>();

    /** Opens the connections ahead, at most {@link #AHEAD_PARALLELISM} at a time; lazily made. */
    private ExecutorService aheadOpener;

    /** Connections opened ahead at the same time at most. */
    static final int AHEAD_PARALLELISM = 8;

    /**
     * Starts opening one connection for each of {@code purposes} in the background, so that a later
     * {@link #open(String)} for that purpose takes it at once instead of waiting for its TCP and
     * TLS handshakes and authentication (the run's start: the snapshot sessions open while the
     * preflight reads the catalog). A connection opened ahead is the same as one opened by {@code
     * open}: same settings, same {@code snapshift_role}; if opening it failed, {@code open} throws
     * that failure (one attempt per {@code open}, as without it). Those never taken are closed by
     * {@link #closeAhead()}.
     */
    public void openAhead(java.util.Collection<String> purposes) {
        synchronized (ahead) {
            if (aheadOpener == null) {
                // a fixed pool starts a thread per task until it has them all: never more than
                // asked
                aheadOpener = Threads.fixed("snapshift-" + role + "-opener", AHEAD_PARALLELISM);
            }
            for (String purpose : purposes) {
                ahead.computeIfAbsent(purpose, k -> new ArrayDeque<>())
                        .add(
                                CompletableFuture.supplyAsync(
                                        () ->
                                                new Ahead(
                                                        openNow(purpose, Map.of()),
                                                        System.nanoTime()),
                                        aheadOpener));
            }
        }
    }

    /**
     * As {@link #openAhead} for one connection for {@code purpose}, unless one is already being
     * opened ahead, or waits, for it.
     */
    public void openAheadUnlessPending(String purpose) {
        synchronized (ahead) {
            ArrayDeque<CompletableFuture<Ahead>> q = ahead.get(purpose);
            if (q == null || q.isEmpty()) {
                openAhead(List.of(purpose));
            }
        }
    }

    /**
     * Hands over {@code c}, a connection of this side that one step is done with, to a later {@link
     * #open(String)} for {@code purpose}, which takes it as one opened ahead (checked first when it
     * waited longer than {@link #CHECK_AHEAD_AFTER}): a TLS handshake and a log-in less. The giver
     * leaves it as a new one would be (no open transaction). Closed by {@link #closeAhead} if none
     * takes it.
     */
    public void handOver(String purpose, Connection c) {
        synchronized (ahead) {
            ahead.computeIfAbsent(purpose, k -> new ArrayDeque<>())
                    .add(CompletableFuture.completedFuture(new Ahead(c, System.nanoTime())));
        }
    }

    private CompletableFuture<Ahead> takeAhead(String purpose) {
        synchronized (ahead) {
            ArrayDeque<CompletableFuture<Ahead>> q = ahead.get(purpose);
            return q == null ? null : q.poll();
        }
    }

    private Ahead await(CompletableFuture<Ahead> opened) {
        try {
            return opened.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SnapshiftException(
                    ErrorCode.INTERNAL, "opening a connection failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.thenAccept(a -> Jdbc.closeQuietly(a.connection(), null));
            throw new SnapshiftException(
                    ErrorCode.INTERRUPTED,
                    "interrupted while opening a connection to the " + role,
                    e);
        }
    }

    /**
     * Closes every connection opened ahead and not taken, waiting for those still opening (a
     * connect ends within its timeout), so that none is left behind; the opener threads end.
     */
    public void closeAhead() {
        closeAhead(null);
    }

    /**
     * As {@link #closeAhead()} for the connections opened ahead for {@code purpose} alone (null:
     * all); the opener threads end once no purpose has any left.
     */
    public void closeAhead(String purpose) {
        List<CompletableFuture<Ahead>> left = new ArrayList<>();
        ExecutorService opener = null;
        synchronized (ahead) {
            if (purpose == null) {
                ahead.values().forEach(left::addAll);
                ahead.clear();
            } else {
                ArrayDeque<CompletableFuture<Ahead>> q = ahead.remove(purpose);
                if (q != null) {
                    left.addAll(q);
                }
            }
            if (ahead.values().stream()
                    .allMatch(q -> q.stream().allMatch(CompletableFuture::isDone))) {
                opener = aheadOpener; // nothing left to open (handed-over ones wait without it)
                aheadOpener = null;
            }
        }
        boolean interrupted = false;
        for (CompletableFuture<Ahead> f : left) {
            try {
                Jdbc.closeQuietly(f.get().connection(), null);
            } catch (ExecutionException e) {
                // never opened
            } catch (InterruptedException e) {
                interrupted = true;
                f.thenAccept(a -> Jdbc.closeQuietly(a.connection(), null));
            }
        }
        if (opener != null) {
            opener.shutdown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Connection openNow(String purpose, Map<String, String> driverProperties) {
        Connection c;
        try {
            Properties p = properties(purpose);
            driverProperties.forEach(p::setProperty);
            c = DriverManager.getConnection(url(), p);
        } catch (SQLException e) {
            throw failure(e);
        }
        if (role.equals("source")) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET SESSION TRANSACTION READ ONLY");
                // snapshift's own SQL and what SHOW CREATE prints must not depend on the server's
                // default mode
                // (ANSI_QUOTES would quote table definitions with ", NO_BACKSLASH_ESCAPES would
                // change literals)
                st.execute("SET SESSION sql_mode = ''");
            } catch (SQLException e) {
                Jdbc.closeQuietly(c, e);
                throw failure(e);
            }
        }
        return c;
    }

    /**
     * A connection whose statements reach the server as bytes: the driver encodes with ISO-8859-1,
     * which maps each char 0-255 to one byte, so a statement held as one char per byte (see {@link
     * dev.snapshift.internal.schema.SchemaObject#statement()}) arrives unchanged whatever {@code
     * character_set_client} the session then sets. Text must be turned into such chars first (in
     * the session's client character set); results are decoded as the server labels them.
     */
    public Connection openBytes() {
        try {
            Properties p = properties();
            p.setProperty("characterEncoding", "ISO-8859-1");
            return DriverManager.getConnection(url(), p);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    String url() {
        String host = spec.host().contains(":") ? "[" + spec.host() + "]" : spec.host();
        return "jdbc:mysql://" + host + ":" + spec.port() + "/";
    }

    Properties properties() {
        return properties("client");
    }

    Properties properties(String purpose) {
        Properties p = new Properties();
        p.setProperty(
                "connectionAttributes",
                "program_name:snapshift,snapshift_role:"
                        + role
                        + "-"
                        + purpose.replaceAll("[^A-Za-z0-9_.-]", "_"));
        p.setProperty("user", spec.user());
        p.setProperty("password", spec.password());
        p.setProperty("sslMode", spec.sslMode().name());
        if (spec.sslCa() != null) {
            TrustStores.Store store = trustStores.forCa(spec.sslCa());
            p.setProperty("trustCertificateKeyStoreUrl", store.path().toUri().toString());
            p.setProperty("trustCertificateKeyStoreType", "PKCS12");
            p.setProperty("trustCertificateKeyStorePassword", store.password());
        }
        // public key retrieval is how caching_sha2_password works without TLS; with TLS it is not
        // used
        p.setProperty(
                "allowPublicKeyRetrieval",
                String.valueOf(
                        spec.sslMode() == SslMode.DISABLED || spec.sslMode() == SslMode.PREFERRED));
        p.setProperty("connectTimeout", "10000");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("allowLoadLocalInfile", "false");
        if (localInfileDir != null) {
            p.setProperty("allowLoadLocalInfileInPath", localInfileDir.toString());
        }
        // a frozen network must end in an error, not hang a worker for ever
        p.setProperty("socketTimeout", String.valueOf(networkTimeout.toMillis()));
        p.setProperty("autoReconnect", "false");
        // the driver otherwise asks the server SELECT @@session.transaction_read_only before a
        // statement run with Statement.execute that is not a query (every CREATE of the schema: 17
        // of the 263 target statements of a run of 16 tables), a round trip each. snapshift never
        // calls setReadOnly: a source connection is made read-only with SQL (above), which the
        // server enforces whatever the driver believes
        p.setProperty("readOnlyPropagatesToServer", "false");
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("cacheServerConfiguration", "false");
        p.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        p.setProperty("connectionTimeZone", "SERVER");
        p.setProperty("useInformationSchema", "false");
        p.setProperty("maxAllowedPacket", String.valueOf(1024 * 1024 * 1024));
        return p;
    }

    /** Turns a failure to connect into an error that says which server, and what to check. */
    SnapshiftException failure(SQLException e) {
        String where = role + " " + spec.user() + "@" + spec.address();
        if (e.getErrorCode() == MySqlErrors.ACCESS_DENIED) {
            return new SnapshiftException(
                    ErrorCode.CONNECTION,
                    "authentication failed for "
                            + where
                            + ": check the user and password ("
                            + MySqlErrors.describe(e)
                            + ")",
                    e);
        }
        if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
            return new SnapshiftException(
                    ErrorCode.CONNECTION,
                    "cannot connect to "
                            + where
                            + ": check host, port, firewall and ssl-mode ("
                            + firstLine(e)
                            + ")",
                    e);
        }
        if (e.getErrorCode() == 3159
                || (e.getMessage() != null && e.getMessage().contains("secure transport"))) {
            return new SnapshiftException(
                    ErrorCode.CONNECTION,
                    "the "
                            + role
                            + " requires TLS: add ?ssl-mode=REQUIRED"
                            + " (or VERIFY_CA with ssl-ca=FILE) to its URL ("
                            + MySqlErrors.describe(e)
                            + ")",
                    e);
        }
        return new SnapshiftException(
                ErrorCode.CONNECTION,
                "cannot open a connection to " + where + ": " + MySqlErrors.describe(e),
                e);
    }

    private static String firstLine(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = MySqlErrors.describe(e);
        return root == e ? m : m + "; cause: " + root;
    }
}
