package dev.snapshift.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionSpecTest {

    @Test
    void parsesUserPasswordHostPort() {
        ConnectionSpec s =
                ConnectionSpec.parse("source", "mysql://app:s3cr%40t@db.example.com:3307", null);
        assertThat(s.host()).isEqualTo("db.example.com");
        assertThat(s.port()).isEqualTo(3307);
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("s3cr@t");
        assertThat(s.sslMode()).isEqualTo(SslMode.PREFERRED);
    }

    @Test
    void defaultsPortAndTakesPasswordFromFallback() {
        ConnectionSpec s = ConnectionSpec.parse("target", "mysql://root@127.0.0.1", "fromEnv");
        assertThat(s.port()).isEqualTo(3306);
        assertThat(s.password()).isEqualTo("fromEnv");
    }

    @Test
    void passwordNeverInToString() {
        ConnectionSpec s = ConnectionSpec.parse("source", "mysql://app:topsecret@h:1", null);
        assertThat(s.toString()).doesNotContain("topsecret").contains("app:***@h:1");
        assertThat(s.redacted()).doesNotContain("topsecret");
    }

    @Test
    void plusInPasswordIsKept() {
        assertThat(ConnectionSpec.parse("source", "mysql://u:a+b@h", null).password())
                .isEqualTo("a+b");
    }

    @Test
    void sslOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path ca = java.nio.file.Files.createFile(dir.resolve("ca.pem"));
        ConnectionSpec s = ConnectionSpec.parse("target", "mysql://u@h?ssl-ca=" + ca, null);
        assertThat(s.sslMode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(ConnectionSpec.parse("target", "mysql://u@h?ssl-mode=required", null).sslMode())
                .isEqualTo(SslMode.REQUIRED);
    }

    @Test
    void ipv6Host() {
        ConnectionSpec s = ConnectionSpec.parse("source", "mysql://u@[::1]:3310", null);
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.address()).isEqualTo("[::1]:3310");
    }

    @Test
    void badUrlsAreUsageErrorsWithAdvice() {
        assertThatThrownBy(() -> ConnectionSpec.parse("source", "postgres://u@h", null))
                .isInstanceOfSatisfying(
                        SnapshiftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("mysql://");
        assertThatThrownBy(() -> ConnectionSpec.parse("source", "mysql://h:3306", null))
                .hasMessageContaining("no user");
        assertThatThrownBy(() -> ConnectionSpec.parse("source", "mysql://u@h?sslmode2=x", null))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(
                        () ->
                                ConnectionSpec.parse(
                                        "source", "mysql://u@h?ssl-mode=sometimes", null))
                .hasMessageContaining("ssl-mode");
        assertThatThrownBy(
                        () ->
                                ConnectionSpec.parse(
                                        "source", "mysql://u@h?ssl-ca=/nonexistent.pem", null))
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> ConnectionSpec.parse("source", "", null))
                .hasMessageContaining("--source is required");
    }

    @Test
    void unencodedAtOrHashInThePasswordSaysToPercentEncode() {
        for (String url :
                new String[] {
                    "mysql://app:p@ss@db.example.com:3306",
                    "mysql://app:pa#ss@db.example.com",
                    "mysql://app:a/b@db.example.com",
                    "mysql://app:a?b@db.example.com:3306"
                }) {
            assertThatThrownBy(() -> ConnectionSpec.parse("source", url, null))
                    .as(url)
                    .isInstanceOfSatisfying(
                            SnapshiftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("--source")
                    .hasMessageContaining("percent-encode @ as %40 and # as %23 in the password")
                    .hasMessageNotContaining("no host");
        }
        assertThat(
                        ConnectionSpec.parse(
                                        "source", "mysql://app:p%40ss%23x@db.example.com", null)
                                .password())
                .isEqualTo("p@ss#x");
        assertThat(ConnectionSpec.parse("source", "mysql://app@h?ssl-mode=required", null).user())
                .isEqualTo("app");
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        assertThatThrownBy(
                        () ->
                                ConnectionSpec.parse(
                                        "target", "mysql://app@db.example.com:abc", null))
                .isInstanceOfSatisfying(
                        SnapshiftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("--target")
                .hasMessageContaining("port 'abc' is not a number")
                .hasMessageNotContaining("no host");
        assertThatThrownBy(() -> ConnectionSpec.parse("target", "mysql://app@[::1]:x1", null))
                .hasMessageContaining("port 'x1' is not a number");
        assertThatThrownBy(() -> ConnectionSpec.parse("target", "mysql://app@h:99999", null))
                .hasMessageContaining("out of range");
    }

    @Test
    void chunkRowsAndLockWaitTimeoutSayWhichOption() {
        ConnectionSpec a = ConnectionSpec.parse("source", "mysql://u@h:1", null);
        ConnectionSpec c = ConnectionSpec.parse("target", "mysql://v@h:2", null);
        MigrationConfig config = MigrationConfig.of(a, c, java.util.List.of(), 4);
        assertThatThrownBy(() -> config.withChunkRows(0))
                .hasMessageContaining("--chunk-rows must be at least 1")
                .hasMessageNotContaining("chunk size");
        assertThat(config.withLockWaitTimeout(java.time.Duration.ofMillis(500)).lockWaitTimeout())
                .hasMillis(500);
        assertThat(config.withLockWaitTimeout(java.time.Duration.ofMillis(100)).lockWaitTimeout())
                .hasMillis(100);
        assertThatThrownBy(() -> config.withLockWaitTimeout(java.time.Duration.ofMillis(99)))
                .isInstanceOfSatisfying(
                        SnapshiftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("--lock-wait-timeout must be at least 100ms, was 99ms");
    }

    @Test
    void configRefusesSameServerAndBadThreads() {
        ConnectionSpec a = ConnectionSpec.parse("source", "mysql://u@h:1", null);
        ConnectionSpec b = ConnectionSpec.parse("target", "mysql://v@h:1", null);
        assertThatThrownBy(() -> MigrationConfig.of(a, b, java.util.List.of(), 4))
                .hasMessageContaining("same server");
        ConnectionSpec c = ConnectionSpec.parse("target", "mysql://v@h:2", null);
        assertThatThrownBy(() -> MigrationConfig.of(a, c, java.util.List.of(), 0))
                .hasMessageContaining("--threads");
        assertThat(MigrationConfig.of(a, c, java.util.List.of(), 4).sessionCount()).isEqualTo(6);
        assertThat(MigrationConfig.of(a, c, java.util.List.of(), 3).sessionCount()).isEqualTo(5);
        assertThat(MigrationConfig.of(a, c, java.util.List.of(), 1).sessionCount()).isEqualTo(2);
    }
}
