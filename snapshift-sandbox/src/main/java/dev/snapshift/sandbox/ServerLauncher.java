package dev.snapshift.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one server: distribution from the cache, a copy of the cached data directory template, a
 * free port (or the one the options name, refused at once when something listens there), the
 * process, and a wait until it accepts a JDBC connection. Cleans up whatever it made when any step
 * fails.
 */
final class ServerLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 5;

    /** Unix socket paths are limited to about 107 bytes. */
    private static final int MAX_SOCKET_PATH = 100;

    private static volatile ServerLauncher instance;

    private final Path cacheRoot;
    private final DistributionCache distributions;
    private final DataDirTemplates templates;
    private final boolean runAsRoot;

    ServerLauncher(Path cacheRoot, ArtifactResolver resolver, boolean runAsRoot) {
        this.cacheRoot = cacheRoot;
        this.distributions = new DistributionCache(cacheRoot, resolver);
        this.templates = new DataDirTemplates(distributions, runAsRoot);
        this.runAsRoot = runAsRoot;
    }

    static ServerLauncher instance() {
        if (instance == null) {
            synchronized (ServerLauncher.class) {
                if (instance == null) {
                    // mysqld refuses to run as root unless told so explicitly
                    instance =
                            new ServerLauncher(
                                    CacheDirectory.root(),
                                    ArtifactResolver.fromEnvironment(),
                                    "root".equals(System.getProperty("user.name")));
                }
            }
        }
        return instance;
    }

    /**
     * What a started server is made of. {@code socketDir} is null when the socket lives in the data
     * directory.
     */
    record Launched(
            ServerProcess process,
            int port,
            Path baseDir,
            Path dataDir,
            Path socketDir,
            Path caCertificate) {}

    Launched launch(SandboxOptions o) throws IOException, InterruptedException {
        Flavor f = o.flavor();
        if (f.isMySql57() && o.usesTls()) {
            throw new IllegalArgumentException(
                    "TLS is not available with MySQL 5.7.22: this build uses yaSSL, which"
                            + " speaks at most TLS 1.1, and Java 17 and Connector/J refuse TLS 1.1. Use MySQL 8.0 or MariaDB.");
        }
        if (o.port() != 0 && !FreePorts.isFree(o.port())) {
            throw new SandboxException(
                    FreePorts.inUse(o.port())); // before anything is downloaded or copied
        }
        Path baseDir = distributions.baseDir(f);
        Optional<TlsMaterial> tls =
                f.isMariaDb() ? TlsMaterial.ensure(cacheRoot) : Optional.empty();
        if (o.usesTls() && f.isMariaDb() && tls.isEmpty()) {
            throw new SandboxException(
                    "TLS for MariaDB needs certificates made with the openssl command, which is not"
                            + " on the PATH: install the Debian package openssl");
        }
        Path template = templates.template(f, baseDir, o.nativePassword(), o.lowerCaseTableNames());
        Path dataDir = Files.createTempDirectory("snapshift-sandbox-");
        Path socketDir = null;
        ServerProcess process = null;
        try {
            DataDirTemplates.copy(template, dataDir);
            Path socket = dataDir.resolve("mysql.sock");
            if (socket.toString().length() > MAX_SOCKET_PATH) {
                socketDir = Files.createTempDirectory(Path.of("/tmp"), "snapshift-");
                socket = socketDir.resolve("mysql.sock");
            }
            Path ca =
                    f.isMySql8()
                            ? dataDir.resolve("ca.pem")
                            : tls.map(TlsMaterial::ca).orElse(null);
            for (int attempt = 1; ; attempt++) {
                int port = o.port() != 0 ? o.port() : FreePorts.pick();
                List<String> command =
                        ServerCommands.start(o, baseDir, dataDir, socket, port, tls, runAsRoot);
                LOG.debug("Starting {}", command);
                Files.deleteIfExists(
                        dataDir.resolve("error.log")); // judge each attempt by its own log
                process = ServerProcess.launch(command, dataDir.resolve("mysqld.out"));
                try {
                    awaitReady(f, process, dataDir, jdbcProbeUrl(port, o));
                    return new Launched(process, port, baseDir, dataDir, socketDir, ca);
                } catch (PortTaken e) {
                    process.stop(STOP_GRACE);
                    if (o.port() != 0) {
                        throw new SandboxException(
                                FreePorts.inUse(
                                        o.port())); // taken meanwhile: no other port will do
                    }
                    if (attempt == PORT_ATTEMPTS) {
                        throw new SandboxException(
                                "no free port after " + attempt + " attempts: " + e.getMessage());
                    }
                    LOG.info("Port {} was taken meanwhile, retrying with another one", port);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (process != null) {
                process.stop(STOP_GRACE);
            }
            deleteQuietly(dataDir, e);
            if (socketDir != null) {
                deleteQuietly(socketDir, e);
            }
            throw e;
        }
    }

    private static String jdbcProbeUrl(int port, SandboxOptions o) {
        return "jdbc:mysql://127.0.0.1:"
                + port
                + "/?connectTimeout=2000&allowPublicKeyRetrieval=true&sslMode="
                + (o.usesTls() ? "REQUIRED" : "DISABLED");
    }

    /** Polls with JDBC until the server answers; fails fast with its logs if the process exits. */
    private static void awaitReady(Flavor flavor, ServerProcess process, Path dataDir, String url)
            throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String logs = logs(process, dataDir);
                if (LaunchDiagnostics.portTaken(logs)) {
                    throw new PortTaken(url);
                }
                throw new SandboxException(
                        flavor.displayName()
                                + " exited during startup"
                                + LaunchDiagnostics.hint(logs).map(h -> ". " + h).orElse("")
                                + ". Its logs:\n"
                                + logs);
            }
            try {
                DriverManager.getConnection(url, "root", "").close();
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new SandboxException(
                flavor.displayName()
                        + " did not accept connections within "
                        + READY_TIMEOUT.toSeconds()
                        + " s (last error: "
                        + (last == null ? "none" : last.getMessage())
                        + "). Its logs:\n"
                        + logs(process, dataDir));
    }

    private static String logs(ServerProcess process, Path dataDir) {
        String out = process.output().strip();
        String errorLog = FileTrees.tail(dataDir.resolve("error.log"), 4000).strip();
        return (out.isEmpty() ? "" : "[stdout/stderr]\n" + out + "\n") + "[error.log]\n" + errorLog;
    }

    private static void deleteQuietly(Path dir, Exception primary) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /** The server lost the race for its port. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken(String url) {
            super("port of " + url + " already in use");
        }
    }
}
