package dev.snapshift.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command lines that initialize a data directory and start a server, per flavor. Pure
 * functions: every path and choice comes in as an argument, so the flags can be tested as strings.
 */
final class ServerCommands {
    /**
     * Creates the account the sandbox connects as: with --skip-name-resolve, root@localhost never
     * matches TCP.
     */
    static final String MYSQL_ROOT_ACCOUNT_SQL =
            """
            CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '';
            GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
            """;

    private ServerCommands() {}

    /**
     * Initializes {@code dataDir} (which must not exist yet) with an empty-password root account.
     */
    static List<String> initialize(
            Flavor flavor,
            boolean nativePassword,
            Path baseDir,
            Path dataDir,
            Path initFile,
            Path errorLog,
            boolean runAsRoot) {
        List<String> cmd = new ArrayList<>();
        if (flavor.isMariaDb()) {
            // mariadb-install-db creates root@localhost and root@127.0.0.1 without a password with
            // these flags;
            // --cross-bootstrap leaves out accounts for this machine's hostname (and its lookup)
            cmd.addAll(
                    List.of(
                            baseDir.resolve("scripts/mariadb-install-db").toString(),
                            "--no-defaults",
                            "--cross-bootstrap",
                            "--auth-root-authentication-method=normal",
                            "--skip-test-db",
                            "--basedir=" + baseDir,
                            "--datadir=" + dataDir));
        } else {
            cmd.addAll(
                    List.of(
                            baseDir.resolve("bin/mysqld").toString(),
                            "--no-defaults",
                            "--initialize-insecure",
                            "--basedir=" + baseDir,
                            "--datadir=" + dataDir,
                            "--init-file=" + initFile,
                            "--log-error=" + errorLog,
                            "--lc-messages-dir=" + baseDir.resolve("share")));
            if (flavor.isMySql57()) {
                cmd.add("--explicit-defaults-for-timestamp");
            }
            if (flavor.isMySql8() && nativePassword) {
                cmd.add("--default-authentication-plugin=mysql_native_password");
            }
        }
        if (runAsRoot) {
            cmd.add("--user=root");
        }
        cmd.addAll(innodbFiles(flavor));
        return cmd;
    }

    /** Starts a server on a copy of an initialized data directory. */
    static List<String> start(
            SandboxOptions o,
            Path baseDir,
            Path dataDir,
            Path socket,
            int port,
            Optional<TlsMaterial> tls,
            boolean runAsRoot) {
        Flavor f = o.flavor();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                baseDir.resolve("bin").resolve(f.serverBinary()).toString(),
                                "--no-defaults",
                                "--basedir=" + baseDir,
                                "--datadir=" + dataDir,
                                "--port=" + port,
                                "--bind-address=127.0.0.1",
                                "--socket=" + socket,
                                "--pid-file=" + dataDir.resolve("mysqld.pid"),
                                "--log-error=" + dataDir.resolve("error.log"),
                                "--lc-messages-dir=" + baseDir.resolve("share"),
                                "--server-id=" + o.serverId(),
                                "--skip-name-resolve",
                                "--local-infile=1",
                                "--secure-file-priv=",
                                "--max-connections=300",
                                "--binlog-format=ROW",
                                // speed over durability: a sandbox never outlives a crash
                                "--innodb-flush-log-at-trx-commit=2",
                                "--sync-binlog=0",
                                "--innodb-buffer-pool-size=64M"));
        cmd.addAll(innodbFiles(f));
        if (runAsRoot) {
            cmd.add("--user=root");
        }
        if (o.logBin()) {
            cmd.add("--log-bin=binlog");
        } else if (f.isMySql8()) {
            cmd.add("--skip-log-bin"); // on by default since 8.0
        }
        if (f.isMySql8()) {
            cmd.add("--mysqlx=OFF");
            if (o.nativePassword()) {
                cmd.add("--default-authentication-plugin=mysql_native_password");
            }
        }
        if (f.isMySql57()) {
            cmd.add("--explicit-defaults-for-timestamp");
        }
        if (o.gtid() && !f.isMariaDb()) {
            cmd.addAll(List.of("--gtid-mode=ON", "--enforce-gtid-consistency=ON"));
        }
        cmd.addAll(tlsArgs(o, tls));
        cmd.addAll(o.extraArgs());
        return cmd;
    }

    /**
     * MySQL 8.0 uses the certificates it generated in the data directory; the others get the cached
     * ones. MariaDB without any would generate a certificate at every start, which takes seconds,
     * so it always gets them.
     */
    private static List<String> tlsArgs(SandboxOptions o, Optional<TlsMaterial> tls) {
        List<String> args = new ArrayList<>();
        if (!o.flavor().isMySql8()) {
            if (tls.isPresent()) {
                TlsMaterial t = tls.get();
                args.addAll(
                        List.of(
                                "--ssl-ca=" + t.ca(),
                                "--ssl-cert=" + t.serverCert(),
                                "--ssl-key=" + t.serverKey()));
            } else if (o.flavor().isMariaDb()) {
                args.add("--skip-ssl");
            }
        }
        if (o.requireSecureTransport()) {
            args.add("--require-secure-transport=ON");
        }
        return args;
    }

    /** Small redo logs: faster to create and to copy. The same at initialization and at start. */
    static List<String> innodbFiles(Flavor flavor) {
        return switch (flavor) {
            case MYSQL_8_0_33 -> List.of("--innodb-redo-log-capacity=32M");
            case MYSQL_8_0_15, MYSQL_5_7_22 -> List.of("--innodb-log-file-size=16M");
            case MARIADB_11_4_5 -> List.of("--innodb-log-file-size=32M");
        };
    }
}
