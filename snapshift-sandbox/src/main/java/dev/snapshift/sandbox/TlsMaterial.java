package dev.snapshift.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CA and a server certificate for 127.0.0.1, made once with the {@code openssl} command and
 * cached. MySQL 8.0 makes its own certificates in the data directory; this is for servers that do
 * not (MariaDB 11.4 would otherwise spend seconds generating a throw-away certificate at every
 * start).
 *
 * @param ca the CA certificate (PEM) clients verify the server with
 * @param serverCert the server certificate (PEM), signed by {@code ca}
 * @param serverKey the server's private key (PEM)
 */
record TlsMaterial(Path ca, Path serverCert, Path serverKey) {
    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
    private static final String LAYOUT = "tls-v1";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * The cached material, created first when missing; empty when there is no {@code openssl} on
     * the PATH.
     */
    static Optional<TlsMaterial> ensure(Path cacheRoot) throws IOException, InterruptedException {
        Path dir = cacheRoot.resolve(LAYOUT);
        if (!Files.isDirectory(dir)) {
            Optional<Path> openssl = ExternalCommand.onPath("openssl");
            if (openssl.isEmpty()) {
                return Optional.empty();
            }
            CacheDirectory.ensure(dir, tmp -> generate(openssl.get().toString(), tmp));
        }
        return Optional.of(in(dir));
    }

    private static TlsMaterial in(Path dir) {
        return new TlsMaterial(
                dir.resolve("ca.pem"),
                dir.resolve("server-cert.pem"),
                dir.resolve("server-key.pem"));
    }

    private static void generate(String openssl, Path dir)
            throws IOException, InterruptedException {
        LOG.info("Generating a CA and a server certificate for sandbox servers in {}", dir);
        Path log = dir.resolve("openssl.log");
        Files.writeString(
                dir.resolve("server-ext.cnf"),
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                        + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(
                log,
                dir,
                openssl,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-sha256",
                "-days",
                "36500",
                "-subj",
                "/CN=snapshift sandbox CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem");
        run(
                log,
                dir,
                openssl,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-sha256",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "server-key.pem",
                "-out",
                "server.csr");
        run(
                log,
                dir,
                openssl,
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-set_serial",
                String.valueOf(System.currentTimeMillis()),
                "-days",
                "36500",
                "-sha256",
                "-extfile",
                "server-ext.cnf",
                "-out",
                "server-cert.pem");
    }

    private static void run(Path log, Path dir, String... command) throws InterruptedException {
        ExternalCommand.runChecked(List.of(command), dir, log, TIMEOUT, "openssl " + command[1]);
    }
}
