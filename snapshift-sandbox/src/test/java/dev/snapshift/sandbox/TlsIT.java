package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With require_secure_transport, a client verifying the server's CA gets in and a plain client does
 * not.
 */
class TlsIT {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MARIADB_11_4_5"})
    void requireSecureTransport(Flavor flavor) throws Exception {
        try (SandboxServer server =
                SandboxServer.start(
                        SandboxOptions.of(flavor).withTls(true).withRequireSecureTransport(true))) {
            Path trustStore = trustStore(server.caCertificate());
            String base =
                    "jdbc:mysql://127.0.0.1:" + server.port() + "/?allowPublicKeyRetrieval=true";
            String verifyCa =
                    base
                            + "&sslMode=VERIFY_CA&trustCertificateKeyStoreUrl="
                            + trustStore.toUri()
                            + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword="
                            + STORE_PASSWORD;

            try (Connection c =
                            DriverManager.getConnection(
                                    verifyCa, server.rootUser(), server.rootPassword());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT @@require_secure_transport")) {
                rs.next();
                assertThat(rs.getString(1)).isIn("1", "ON");
                assertThat(sslVersion(st)).startsWith("TLSv1.");
            }
            try (Connection c = server.connect();
                    Statement st = c.createStatement()) {
                assertThat(sslVersion(st))
                        .as("jdbcUrl() uses TLS when asked to")
                        .startsWith("TLSv1.");
            }
            assertThatThrownBy(
                            () ->
                                    DriverManager.getConnection(
                                                    base + "&sslMode=DISABLED",
                                                    server.rootUser(),
                                                    server.rootPassword())
                                            .close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("insecure transport");
        }
    }

    @Test
    void mysql57RefusesTls() {
        assertThatThrownBy(
                        () ->
                                SandboxServer.start(
                                        SandboxOptions.of(Flavor.MYSQL_5_7_22).withTls(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yaSSL");
    }

    private static String sslVersion(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            rs.next();
            return rs.getString(2);
        }
    }

    private Path trustStore(Path caPem) throws Exception {
        Certificate ca;
        try (InputStream in = Files.newInputStream(caPem)) {
            ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("sandbox-ca", ca);
        Path file = tmp.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }
}
