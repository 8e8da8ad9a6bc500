package dev.snapshift.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test fixture every module shares: one source and one target server per flavor and JVM,
 * started on first use and stopped by the sandbox's shutdown hook (by pid). Tests isolate
 * themselves with database names from {@link #unique}; a test that must own its servers (one that
 * kills processes, say) starts its own.
 */
public final class SharedServers {
    private static final Map<String, SandboxServer> SERVERS = new ConcurrentHashMap<>();
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(100);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private SharedServers() {}

    public static SandboxServer source(Flavor flavor) {
        return get("source", flavor);
    }

    public static SandboxServer target(Flavor flavor) {
        return get("target", flavor);
    }

    /**
     * The shared target shaped like a managed cloud database ({@link ManagedProfile}), with its
     * admin account.
     */
    public static SandboxServer managedTarget() {
        return SERVERS.computeIfAbsent(
                "target/managed",
                k ->
                        ManagedProfile.withAdmin(
                                SandboxServer.start(
                                        ManagedProfile.options()
                                                .withServerId(SERVER_IDS.incrementAndGet()))));
    }

    private static SandboxServer get(String role, Flavor flavor) {
        return SERVERS.computeIfAbsent(
                role + "/" + flavor,
                k ->
                        SandboxServer.start(
                                SandboxOptions.of(flavor)
                                        .withServerId(SERVER_IDS.incrementAndGet())));
    }

    /** A name no other test of this JVM uses, e.g. {@code bank_4711_3}. */
    public static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() % 1000 + "_" + NAMES.incrementAndGet();
    }
}
