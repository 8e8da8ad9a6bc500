package dev.snapshift.sandbox;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MySQL or MariaDB server on 127.0.0.1, started from a Maven artifact with its own temporary
 * data directory.
 *
 * <pre>{@code
 * try (SandboxServer server = SandboxServer.start(Flavor.MYSQL_8_0_15)) {
 *     server.execute("CREATE DATABASE shop");
 *     try (Connection c = server.connect("shop")) { ... }
 * }
 * }</pre>
 *
 * <p>The first start of a flavor extracts its distribution and initializes a data directory
 * template in {@code ~/.cache/snapshift/sandbox}; later starts copy the template and take about a
 * second. {@link #close()} stops the server by its pid and deletes the data directory; a JVM
 * shutdown hook does the same for servers still running at exit.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Map<String, String> MARIADB_TOOLS =
            Map.of(
                    "mysql",
                    "mariadb",
                    "mysqldump",
                    "mariadb-dump",
                    "mysqlbinlog",
                    "mariadb-binlog");

    private final SandboxOptions options;
    private final ServerLauncher.Launched launched;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SandboxServer(SandboxOptions options, ServerLauncher.Launched launched) {
        this.options = options;
        this.launched = launched;
    }

    /** Starts a server with {@link SandboxOptions#of default options}. */
    public static SandboxServer start(Flavor flavor) {
        return start(SandboxOptions.of(flavor));
    }

    /**
     * Starts a server and waits until it accepts connections.
     *
     * @throws SandboxException when the server cannot be provisioned or started; the message says
     *     why
     * @throws IllegalArgumentException when the flavor cannot do what the options ask (TLS on MySQL
     *     5.7.22)
     */
    public static SandboxServer start(SandboxOptions options) {
        long t0 = System.nanoTime();
        LOG.info(
                "Starting {} (server-id {}{}{})",
                options.flavor().displayName(),
                options.serverId(),
                options.gtid() ? ", GTID" : "",
                options.requireSecureTransport() ? ", TLS required" : options.tls() ? ", TLS" : "");
        ServerLauncher.Launched launched;
        try {
            launched = ServerLauncher.instance().launch(options);
        } catch (IOException e) {
            throw new SandboxException(
                    "cannot start " + options.flavor().displayName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(
                    "interrupted while starting " + options.flavor().displayName(), e);
        }
        SandboxServer server = new SandboxServer(options, launched);
        RunningServers.register(server);
        LOG.info(
                "{} ready on 127.0.0.1:{} (pid {}, datadir {}) in {} ms",
                options.flavor().displayName(),
                launched.port(),
                launched.process().pid(),
                launched.dataDir(),
                (System.nanoTime() - t0) / 1_000_000);
        return server;
    }

    public Flavor flavor() {
        return options.flavor();
    }

    public SandboxOptions options() {
        return options;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return launched.port();
    }

    public long pid() {
        return launched.process().pid();
    }

    public String rootUser() {
        return "root";
    }

    public String rootPassword() {
        return "";
    }

    /**
     * The server's temporary data directory (also holds {@code error.log}); deleted by {@link
     * #close()}.
     */
    public Path dataDir() {
        return launched.dataDir();
    }

    /**
     * The extracted distribution, shared by all servers of the flavor: {@code bin/}, {@code
     * share/}, ....
     */
    public Path baseDir() {
        return launched.baseDir();
    }

    public Path errorLog() {
        return launched.dataDir().resolve("error.log");
    }

    /**
     * The PEM CA certificate that signed the server's TLS certificate.
     *
     * @throws IllegalStateException when the server has no TLS (MySQL 5.7.22; MariaDB without
     *     openssl)
     */
    public Path caCertificate() {
        if (launched.caCertificate() == null || !Files.isRegularFile(launched.caCertificate())) {
            throw new IllegalStateException(this + " has no TLS certificate");
        }
        return launched.caCertificate();
    }

    /**
     * A client program of the distribution by its MySQL name ({@code mysql}, {@code mysqldump},
     * {@code mysqlbinlog}, ...), mapped to the MariaDB name on MariaDB; empty when the build does
     * not ship it (the 8.0.15 and 5.7.22 builds have only the server).
     */
    public Optional<Path> tool(String name) {
        Path bin = baseDir().resolve("bin");
        Path tool =
                bin.resolve(flavor().isMariaDb() ? MARIADB_TOOLS.getOrDefault(name, name) : name);
        return Files.isExecutable(tool) ? Optional.of(tool) : Optional.empty();
    }

    /**
     * A Connector/J URL, e.g. {@code
     * jdbc:mysql://127.0.0.1:PORT/db?sslMode=DISABLED&allowPublicKeyRetrieval=true}. {@code
     * sslMode=REQUIRED} when the options ask for TLS.
     *
     * @param database the default database, or null for none
     */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://"
                + host()
                + ":"
                + port()
                + "/"
                + (database == null
                        ? ""
                        : URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"))
                + "?sslMode="
                + (options.usesTls() ? "REQUIRED" : "DISABLED")
                + "&allowPublicKeyRetrieval=true";
    }

    /** The server as snapshift's command line names it: {@code mysql://root@127.0.0.1:PORT}. */
    public String url() {
        return "mysql://" + rootUser() + "@" + host() + ":" + port();
    }

    /** A new connection as root without a default database. */
    public Connection connect() throws SQLException {
        return connect(null);
    }

    /** A new connection as root; {@code database} may be null. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), rootUser(), rootPassword());
    }

    /**
     * Runs statements as root with autocommit, in order.
     *
     * @throws SandboxException wrapping the first statement's failure
     */
    public void execute(String... sql) {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            for (String s : sql) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new SandboxException(
                            this + ": " + e.getMessage() + " [" + SqlText.forMessage(s) + "]", e);
                }
            }
        } catch (SQLException e) {
            throw new SandboxException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code 'user'@'%'} (with {@code --skip-name-resolve} it matches every TCP client) and
     * grants each of {@code grants}, written as {@code "privileges ON what"}, e.g. {@code "ALL ON
     * *.*"} or {@code "RELOAD, REPLICATION CLIENT ON *.*"}. The account uses the server's default
     * authentication plugin.
     */
    public void createUser(String user, String password, String... grants) {
        String account = SqlText.literal(user) + "@'%'";
        List<String> sql = new ArrayList<>();
        sql.add("CREATE USER " + account + " IDENTIFIED BY " + SqlText.literal(password));
        for (String grant : grants) {
            sql.add("GRANT " + grant + " TO " + account);
        }
        execute(sql.toArray(String[]::new));
        LOG.debug("Created user {} on port {} with grants {}", user, port(), List.of(grants));
    }

    /** Sends SIGTERM without waiting; {@link #close()} completes the stop. */
    void requestStop() {
        if (!closed.get() && launched.process().isAlive()) {
            ReplicationDumpThreads.kill(this);
            launched.process().requestStop();
        }
    }

    /**
     * Stops the server (SIGTERM, up to 30 s, then SIGKILL) and deletes its data directory.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        if (launched.process().isAlive()) {
            ReplicationDumpThreads.kill(this);
        }
        boolean killed = launched.process().stop(STOP_GRACE);
        try {
            FileTrees.delete(launched.dataDir());
            if (launched.socketDir() != null) {
                FileTrees.delete(launched.socketDir());
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", launched.dataDir(), e.toString());
        }
        RunningServers.unregister(this);
        LOG.info(
                "Stopped {} (pid {}){} in {} ms",
                this,
                pid(),
                killed ? " with SIGKILL after " + STOP_GRACE.toSeconds() + " s" : "",
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public String toString() {
        return flavor().displayName() + " on " + host() + ":" + port();
    }
}
