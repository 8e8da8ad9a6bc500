package dev.snapshift.it;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import java.util.List;

/**
 * Real servers shared by the integration tests of this JVM ({@link SharedServers}, the fixture of
 * every module), and the migration configuration between two of them.
 */
public final class TestServers {

    private TestServers() {}

    public static SandboxServer source(Flavor flavor) {
        return SharedServers.source(flavor);
    }

    public static SandboxServer target(Flavor flavor) {
        return SharedServers.target(flavor);
    }

    public static String unique(String prefix) {
        return SharedServers.unique(prefix);
    }

    public static ConnectionSpec spec(SandboxServer s) {
        return ConnectionSpec.parse("server", s.url(), s.rootPassword());
    }

    /**
     * snapshift's own connections to {@code s} as a source (what the lock and session tests open
     * their coordinator and watchdog from).
     */
    public static dev.snapshift.internal.jdbc.Connections sourceConnections(
            SandboxServer s, dev.snapshift.internal.jdbc.TrustStores trust) {
        return new dev.snapshift.internal.jdbc.Connections(
                "source", spec(s), trust, java.time.Duration.ofMinutes(1));
    }

    public static MigrationConfig config(
            SandboxServer source,
            SandboxServer target,
            List<String> databases,
            int threads,
            int chunkRows) {
        return MigrationConfig.of(spec(source), spec(target), databases, threads)
                .withChunkRows(chunkRows);
    }
}
