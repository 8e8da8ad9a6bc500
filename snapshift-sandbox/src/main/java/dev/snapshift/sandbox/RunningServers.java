package dev.snapshift.sandbox;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Servers started by this JVM and not closed yet. One shutdown hook, installed with the first
 * server, stops all of them, so a test run that forgets {@code close()} or is interrupted leaves no
 * server behind.
 */
final class RunningServers {
    private static final Set<SandboxServer> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private RunningServers() {}

    static void register(SandboxServer server) {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(RunningServers::stopAll, "snapshift-sandbox-shutdown"));
        }
        RUNNING.add(server);
    }

    static void unregister(SandboxServer server) {
        RUNNING.remove(server);
    }

    private static void stopAll() {
        List<SandboxServer> servers = List.copyOf(RUNNING);
        servers.forEach(SandboxServer::requestStop); // all shut down in parallel
        servers.forEach(SandboxServer::close);
    }
}
