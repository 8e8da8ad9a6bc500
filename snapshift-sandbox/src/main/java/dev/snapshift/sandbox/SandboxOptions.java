package dev.snapshift.sandbox;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How to start one sandbox server. Immutable; the {@code with*} methods return modified copies.
 *
 * @param flavor which server build
 * @param serverId {@code --server-id}; {@link #of} picks one unique within this JVM
 * @param gtid {@code --gtid-mode=ON --enforce-gtid-consistency=ON} (MySQL; MariaDB always has
 *     GTIDs)
 * @param tls clients connect with TLS ({@link SandboxServer#jdbcUrl} uses {@code sslMode=REQUIRED})
 * @param requireSecureTransport {@code --require-secure-transport=ON}; implies {@code tls}
 * @param nativePassword MySQL 8.0: accounts use {@code mysql_native_password} instead of {@code
 *     caching_sha2_password}
 * @param logBin binary log on ({@code --log-bin=binlog}) or off
 * @param extraArgs further server options, appended last so they win
 * @param port the TCP port on 127.0.0.1; 0: a free one
 */
public record SandboxOptions(
        Flavor flavor,
        int serverId,
        boolean gtid,
        boolean tls,
        boolean requireSecureTransport,
        boolean nativePassword,
        boolean logBin,
        List<String> extraArgs,
        int port) {

    private static final AtomicInteger NEXT_SERVER_ID =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000, 1_000_000));

    public SandboxOptions {
        Objects.requireNonNull(flavor, "flavor");
        if (serverId < 1) {
            throw new IllegalArgumentException("serverId must be >= 1, got " + serverId);
        }
        extraArgs = List.copyOf(extraArgs);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "port must be 0 (a free one) or 1-65535, got " + port);
        }
    }

    /**
     * The option that must be given at initialisation too (MySQL 8.0 refuses to change it later).
     */
    static final String LOWER_CASE_TABLE_NAMES_1 = "--lower-case-table-names=1";

    /**
     * Whether the data directory is initialised with {@code lower_case_table_names=1} (names stored
     * in lower case, compared without case: Azure's only value on 8.0), asked for by {@code
     * --lower-case-table-names=1} in {@link #extraArgs}.
     */
    public boolean lowerCaseTableNames() {
        return extraArgs.contains(LOWER_CASE_TABLE_NAMES_1);
    }

    /**
     * Defaults: unique server id, no GTID, no TLS, default auth plugin, binary log on, no extra
     * arguments, a free port.
     */
    public static SandboxOptions of(Flavor flavor) {
        return new SandboxOptions(
                flavor,
                NEXT_SERVER_ID.getAndIncrement(),
                false,
                false,
                false,
                false,
                true,
                List.of(),
                0);
    }

    public SandboxOptions withServerId(int id) {
        return new SandboxOptions(
                flavor,
                id,
                gtid,
                tls,
                requireSecureTransport,
                nativePassword,
                logBin,
                extraArgs,
                port);
    }

    public SandboxOptions withGtid(boolean on) {
        return new SandboxOptions(
                flavor,
                serverId,
                on,
                tls,
                requireSecureTransport,
                nativePassword,
                logBin,
                extraArgs,
                port);
    }

    public SandboxOptions withTls(boolean on) {
        return new SandboxOptions(
                flavor,
                serverId,
                gtid,
                on,
                requireSecureTransport,
                nativePassword,
                logBin,
                extraArgs,
                port);
    }

    public SandboxOptions withRequireSecureTransport(boolean on) {
        return new SandboxOptions(
                flavor, serverId, gtid, tls, on, nativePassword, logBin, extraArgs, port);
    }

    public SandboxOptions withNativePassword(boolean on) {
        return new SandboxOptions(
                flavor, serverId, gtid, tls, requireSecureTransport, on, logBin, extraArgs, port);
    }

    public SandboxOptions withLogBin(boolean on) {
        return new SandboxOptions(
                flavor,
                serverId,
                gtid,
                tls,
                requireSecureTransport,
                nativePassword,
                on,
                extraArgs,
                port);
    }

    public SandboxOptions withExtraArgs(List<String> args) {
        return new SandboxOptions(
                flavor,
                serverId,
                gtid,
                tls,
                requireSecureTransport,
                nativePassword,
                logBin,
                args,
                port);
    }

    /** The server listens on {@code port} of 127.0.0.1 (0: a free port, picked at start). */
    public SandboxOptions withPort(int port) {
        return new SandboxOptions(
                flavor,
                serverId,
                gtid,
                tls,
                requireSecureTransport,
                nativePassword,
                logBin,
                extraArgs,
                port);
    }

    /** Whether clients should (and, with {@code requireSecureTransport}, must) use TLS. */
    public boolean usesTls() {
        return tls || requireSecureTransport;
    }
}
