package dev.snapshift.app.dashboard;

import dev.snapshift.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/snapshift ARGS} run in a thread of this JVM, for commands that keep running (serve,
 * migrate --ui).
 */
final class InProcessCli implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Dashboard: (http://\\S+)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    InProcessCli(String... args) {
        thread =
                new Thread(
                        () -> {
                            try {
                                exit.complete(
                                        Main.run(
                                                new PrintWriter(out, true),
                                                new PrintWriter(err, true),
                                                args));
                            } catch (Throwable t) {
                                exit.completeExceptionally(t);
                            }
                        },
                        "snapshift-cli-" + args[0]);
        thread.start();
    }

    /** Waits for the dashboard URL the command prints at start. */
    String dashboardUrl() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (exit.isDone()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no dashboard URL printed; out: " + out + " err: " + err);
    }

    int exitCode() throws Exception {
        return exit.get(2, TimeUnit.MINUTES);
    }

    String output() {
        return out + "\n" + err;
    }

    /** Interrupts the command (as Ctrl-C does for serve) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
