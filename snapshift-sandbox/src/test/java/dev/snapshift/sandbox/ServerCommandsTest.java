package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerCommandsTest {
    private static final Path BASE = Path.of("/cache/dist");
    private static final Path DATA = Path.of("/tmp/data");
    private static final Path SOCK = DATA.resolve("mysql.sock");
    private static final TlsMaterial TLS =
            new TlsMaterial(Path.of("/c/ca.pem"), Path.of("/c/cert.pem"), Path.of("/c/key.pem"));

    private static List<String> start(SandboxOptions o, Optional<TlsMaterial> tls) {
        return ServerCommands.start(o, BASE, DATA, SOCK, 3307, tls, false);
    }

    @Test
    void mysql8Defaults() {
        List<String> cmd =
                start(SandboxOptions.of(Flavor.MYSQL_8_0_33).withServerId(7), Optional.empty());
        assertThat(cmd.get(0)).isEqualTo("/cache/dist/bin/mysqld");
        assertThat(cmd.get(1)).as("must come first").isEqualTo("--no-defaults");
        assertThat(cmd)
                .contains(
                        "--port=3307",
                        "--bind-address=127.0.0.1",
                        "--server-id=7",
                        "--log-bin=binlog",
                        "--binlog-format=ROW",
                        "--mysqlx=OFF",
                        "--socket=/tmp/data/mysql.sock",
                        "--skip-name-resolve",
                        "--log-error=/tmp/data/error.log",
                        "--lc-messages-dir=/cache/dist/share",
                        "--innodb-redo-log-capacity=32M");
        assertThat(cmd)
                .noneMatch(
                        a ->
                                a.startsWith("--gtid")
                                        || a.startsWith("--ssl")
                                        || a.startsWith("--user")
                                        || a.startsWith("--default-authentication-plugin")
                                        || a.startsWith("--require-secure"));
    }

    @Test
    void mysql8Options() {
        List<String> cmd =
                start(
                        SandboxOptions.of(Flavor.MYSQL_8_0_15)
                                .withGtid(true)
                                .withNativePassword(true)
                                .withRequireSecureTransport(true)
                                .withLogBin(false)
                                .withExtraArgs(List.of("--max-connections=10")),
                        Optional.empty());
        assertThat(cmd)
                .contains(
                        "--gtid-mode=ON",
                        "--enforce-gtid-consistency=ON",
                        "--skip-log-bin",
                        "--default-authentication-plugin=mysql_native_password",
                        "--require-secure-transport=ON",
                        "--innodb-log-file-size=16M");
        assertThat(cmd.get(cmd.size() - 1))
                .as("extra arguments win")
                .isEqualTo("--max-connections=10");
        assertThat(cmd).doesNotContain("--log-bin=binlog");
    }

    @Test
    void mysql57() {
        List<String> cmd =
                start(
                        SandboxOptions.of(Flavor.MYSQL_5_7_22).withLogBin(false).withGtid(true),
                        Optional.empty());
        assertThat(cmd).contains("--explicit-defaults-for-timestamp", "--gtid-mode=ON");
        assertThat(cmd).doesNotContain("--mysqlx=OFF", "--skip-log-bin", "--log-bin=binlog");
    }

    @Test
    void mariaDbGetsCachedCertificatesOrNoTls() {
        List<String> withTls =
                start(SandboxOptions.of(Flavor.MARIADB_11_4_5).withGtid(true), Optional.of(TLS));
        assertThat(withTls.get(0)).isEqualTo("/cache/dist/bin/mariadbd");
        assertThat(withTls)
                .contains("--ssl-ca=/c/ca.pem", "--ssl-cert=/c/cert.pem", "--ssl-key=/c/key.pem");
        assertThat(withTls).noneMatch(a -> a.startsWith("--gtid") || a.equals("--mysqlx=OFF"));
        assertThat(start(SandboxOptions.of(Flavor.MARIADB_11_4_5), Optional.empty()))
                .contains("--skip-ssl");
    }

    @Test
    void initialize() {
        List<String> mysql =
                ServerCommands.initialize(
                        Flavor.MYSQL_8_0_33,
                        true,
                        BASE,
                        DATA,
                        Path.of("/t/init.sql"),
                        Path.of("/t/error.log"),
                        true);
        assertThat(mysql)
                .startsWith("/cache/dist/bin/mysqld", "--no-defaults", "--initialize-insecure");
        assertThat(mysql)
                .contains(
                        "--init-file=/t/init.sql",
                        "--default-authentication-plugin=mysql_native_password",
                        "--user=root",
                        "--innodb-redo-log-capacity=32M");
        List<String> maria =
                ServerCommands.initialize(
                        Flavor.MARIADB_11_4_5,
                        false,
                        BASE,
                        DATA,
                        Path.of("/t/init.sql"),
                        Path.of("/t/error.log"),
                        false);
        assertThat(maria).startsWith("/cache/dist/scripts/mariadb-install-db", "--no-defaults");
        assertThat(maria)
                .contains("--auth-root-authentication-method=normal", "--datadir=/tmp/data");
    }
}
