package dev.snapshift.internal.jdbc;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Connector/J reads trust anchors from a key store, while users hold the PEM CA file their cloud
 * gave them. This turns a PEM file into a private PKCS12 store with a random password, deleted when
 * closed.
 */
public final class TrustStores implements AutoCloseable {
    public record Store(Path path, String password) {}

    private final Map<Path, Store> stores = new HashMap<>();

    public synchronized Store forCa(Path pem) {
        return stores.computeIfAbsent(pem.toAbsolutePath(), TrustStores::create);
    }

    private static Store create(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new SnapshiftException(
                        ErrorCode.USAGE, "ssl-ca file " + pem + " holds no certificate");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Path file =
                    Files.createTempFile(
                            "snapshift-trust-",
                            ".p12",
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password.toCharArray());
            }
            file.toFile().deleteOnExit();
            return new Store(file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "cannot read ssl-ca file " + pem + " as PEM certificates: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public synchronized void close() {
        for (Store s : stores.values()) {
            try {
                Files.deleteIfExists(s.path());
            } catch (IOException ignored) {
                // deleteOnExit is the fallback
            }
        }
        stores.clear();
    }
}
