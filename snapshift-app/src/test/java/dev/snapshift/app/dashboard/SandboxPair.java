package dev.snapshift.app.dashboard;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared MySQL 8.0.15 source and target ({@link SharedServers}) for the dashboard tests, with a
 * source user whose password the tests hunt for in every response. Closing it leaves the servers to
 * the other tests.
 */
final class SandboxPair implements AutoCloseable {
    static final String PASSWORD = "Dash!b0ard:pw@secret";

    final SandboxServer source;
    final SandboxServer target;

    private SandboxPair(SandboxServer source, SandboxServer target) {
        this.source = source;
        this.target = target;
    }

    /**
     * @param serverId unused since the servers are shared; kept so that each test says which pair
     *     it means
     */
    static SandboxPair start(int serverId) {
        SandboxServer source = SharedServers.source(Flavor.MYSQL_8_0_15);
        SandboxServer target = SharedServers.target(Flavor.MYSQL_8_0_15);
        synchronized (SandboxPair.class) {
            source.execute(
                    "CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY '"
                            + PASSWORD.replace("'", "''")
                            + "'",
                    "GRANT ALL ON *.* TO 'app'@'%'");
        }
        return new SandboxPair(source, target);
    }

    String sourceUrl() {
        return "mysql://app:"
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "@"
                + source.host()
                + ":"
                + source.port();
    }

    /** A database {@code name} with {@code tables} tables t1..tN of {@code rows} rows each. */
    void createDatabase(String name, int tables, int rows) {
        source.execute("CREATE DATABASE `" + name + "`");
        for (int t = 1; t <= tables; t++) {
            String table = "`" + name + "`.t" + t;
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int r = 1; r <= rows; r++) {
                insert.append(r == 1 ? "" : ",")
                        .append("(")
                        .append(r)
                        .append(", 'row ")
                        .append(r)
                        .append("')");
            }
            source.execute(
                    "CREATE TABLE " + table + " (id INT PRIMARY KEY, payload VARCHAR(40))",
                    insert.toString(),
                    "ANALYZE TABLE " + table);
        }
    }

    MigrationConfig config(Path stateDir, int threads, int chunkRows, String... databases) {
        return MigrationConfig.of(
                        ConnectionSpec.parse("source", sourceUrl(), null),
                        ConnectionSpec.parse("target", target.url(), null),
                        List.of(databases),
                        threads)
                .withChunkRows(chunkRows)
                .withStateDir(stateDir);
    }

    /** The servers stay up for the other tests; the sandbox's shutdown hook stops them. */
    @Override
    public void close() {}
}
