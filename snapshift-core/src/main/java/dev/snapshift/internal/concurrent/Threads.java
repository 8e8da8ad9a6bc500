package dev.snapshift.internal.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * snapshift's threads: named (a thread dump says what each is for), daemon (a forgotten one never
 * keeps the JVM alive), and stopped with a bounded wait that says so when something did not stop in
 * time.
 */
public final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {}

    /**
     * Daemon threads named {@code name} (the first) and {@code name-2}, {@code name-3}... after it.
     */
    public static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            int i = n.incrementAndGet();
            Thread t = new Thread(r, i == 1 ? name : name + "-" + i);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts one named daemon thread. */
    public static Thread start(String name, Runnable body) {
        Thread t = named(name).newThread(body);
        t.start();
        return t;
    }

    /**
     * Waits until every one of {@code threads} has ended, also when this thread is interrupted
     * meanwhile (threads doing short work none may outlive); the interrupt is kept for the caller.
     * Returns whether there was one.
     */
    public static boolean joinAll(java.util.List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    public static ExecutorService fixed(String name, int threads) {
        return Executors.newFixedThreadPool(threads, named(name));
    }

    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /**
     * Lets the executor finish what it was given, at most {@code grace} (interrupting it then), and
     * warns when tasks still run after that. Returns whether everything stopped.
     */
    public static boolean stop(ExecutorService executor, Duration grace, String what)
            throws InterruptedException {
        executor.shutdown();
        if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        executor.shutdownNow();
        boolean stopped = executor.awaitTermination(1, TimeUnit.SECONDS);
        if (!stopped) {
            LOG.warn(
                    "{} did not stop within {} s; left running as daemon threads",
                    what,
                    grace.toSeconds());
        }
        return stopped;
    }

    /**
     * Interrupts the executor's tasks and waits for them at most {@code grace}, warning when they
     * did not stop.
     */
    public static boolean stopNow(ExecutorService executor, Duration grace, String what)
            throws InterruptedException {
        executor.shutdownNow();
        boolean stopped = executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!stopped) {
            LOG.warn(
                    "{} did not stop within {} ms of being interrupted; left running as daemon threads",
                    what,
                    grace.toMillis());
        }
        return stopped;
    }
}
