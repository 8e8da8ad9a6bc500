package dev.snapshift.app;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's threads: named after their job, daemon so that a forgotten one never keeps the JVM
 * alive.
 */
public final class NamedThreads {
    private NamedThreads() {}

    /** Daemon threads named {@code name}, {@code name-2}, {@code name-3}... */
    public static ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.incrementAndGet();
            Thread t = new Thread(r, i == 1 ? name : name + "-" + i);
            t.setDaemon(true);
            return t;
        };
    }

    /** One daemon thread, not started. */
    public static Thread thread(String name, Runnable body) {
        return factory(name).newThread(body);
    }
}
