package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A source that enforces secure transport, as Azure Database for MySQL does. */
class TlsIT {
    static SandboxServer secure;

    @BeforeAll
    static void start() {
        secure =
                SandboxServer.start(
                        SandboxOptions.of(Flavor.MYSQL_8_0_33)
                                .withServerId(77)
                                .withTls(true)
                                .withRequireSecureTransport(true));
    }

    @AfterAll
    static void stop() {
        if (secure != null) {
            secure.close();
        }
    }

    private String database() {
        String db = TestServers.unique("tls");
        secure.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v TEXT)",
                "INSERT INTO `" + db + "`.t VALUES (1, 'secret'), (2, 'data')");
        return db;
    }

    private MigrationConfig config(String query, String db) {
        ConnectionSpec source = ConnectionSpec.parse("source", secure.url() + query, "");
        return MigrationConfig.of(
                source, TestServers.spec(TestServers.target(Flavor.MYSQL_8_0_33)), List.of(db), 2);
    }

    @Test
    void verifiedTlsWithTheServersCaWorks() {
        String db = database();
        MigrationState state =
                Migration.of(config("?ssl-mode=VERIFY_CA&ssl-ca=" + secure.caCertificate(), db))
                        .run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.totalRows()).isEqualTo(2);
    }

    @Test
    void plainConnectionIsRefusedWithAdvice() {
        String db = database();
        MigrationState state = Migration.of(config("?ssl-mode=DISABLED", db)).run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errorCode()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(state.error()).contains("requires TLS").contains("ssl-mode=REQUIRED");
    }
}
