package dev.snapshift.it;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real servers shared by the integration tests of this JVM: one source and one target per flavor, started on first
 * use and stopped by the sandbox's shutdown hook. Tests isolate themselves with unique database names.
 */
public final class TestServers {
    private static final Map<String, SandboxServer> SERVERS = new ConcurrentHashMap<>();
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(100);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private TestServers() {
    }

    public static SandboxServer source(Flavor flavor) {
        return get("source", flavor);
    }

    public static SandboxServer target(Flavor flavor) {
        return get("target", flavor);
    }

    private static SandboxServer get(String role, Flavor flavor) {
        return SERVERS.computeIfAbsent(role + "/" + flavor,
                k -> SandboxServer.start(SandboxOptions.of(flavor).withServerId(SERVER_IDS.incrementAndGet())));
    }

    public static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() % 1000 + "_" + NAMES.incrementAndGet();
    }

    public static ConnectionSpec spec(SandboxServer s) {
        return ConnectionSpec.parse("server", s.url(), s.rootPassword());
    }

    public static MigrationConfig config(SandboxServer source, SandboxServer target, List<String> databases, int threads, int chunkRows) {
        return MigrationConfig.of(spec(source), spec(target), databases, threads).withChunkRows(chunkRows);
    }
}
