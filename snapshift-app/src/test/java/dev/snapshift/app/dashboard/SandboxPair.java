package dev.snapshift.app.dashboard;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A real MySQL 8.0.15 source and target for the dashboard tests; the source user has a password to hunt for. */
final class SandboxPair implements AutoCloseable {
    static final String PASSWORD = "Dash!b0ard:pw@secret";

    final SandboxServer source;
    final SandboxServer target;

    private SandboxPair(SandboxServer source, SandboxServer target) {
        this.source = source;
        this.target = target;
    }

    static SandboxPair start(int serverId) {
        SandboxServer source = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(serverId));
        try {
            SandboxServer target = SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_15).withServerId(serverId + 1));
            source.createUser("app", PASSWORD, "ALL ON *.*");
            return new SandboxPair(source, target);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    String sourceUrl() {
        return "mysql://app:" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@" + source.host() + ":" + source.port();
    }

    /** A database {@code name} with {@code tables} tables t1..tN of {@code rows} rows each. */
    void createDatabase(String name, int tables, int rows) {
        source.execute("CREATE DATABASE `" + name + "`");
        for (int t = 1; t <= tables; t++) {
            String table = "`" + name + "`.t" + t;
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int r = 1; r <= rows; r++) {
                insert.append(r == 1 ? "" : ",").append("(").append(r).append(", 'row ").append(r).append("')");
            }
            source.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, payload VARCHAR(40))", insert.toString(),
                    "ANALYZE TABLE " + table);
        }
    }

    MigrationConfig config(Path stateDir, int threads, int chunkRows, String... databases) {
        return MigrationConfig.of(ConnectionSpec.parse("source", sourceUrl(), null),
                        ConnectionSpec.parse("target", target.url(), null), List.of(databases), threads)
                .withChunkRows(chunkRows).withStateDir(stateDir);
    }

    @Override
    public void close() {
        try {
            source.close();
        } finally {
            target.close();
        }
    }
}
