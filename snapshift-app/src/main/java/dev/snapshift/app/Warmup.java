package dev.snapshift.app;

import java.security.SecureRandom;
import org.slf4j.LoggerFactory;

/**
 * Initializes, on a second thread while the command line is parsed, what every run reaches right
 * after: logging, the JSON mapper (its static set-up makes date formats, loading locale data), and
 * the secure random source the temporary directories are named with. At that moment the process
 * runs one thread (picocli reading the commands' options), so the second core is otherwise idle;
 * the run's own thread then finds those classes ready, or waits for the warm-up to finish one,
 * never doing it twice. A failure here changes nothing: the run's own first use does the work and
 * reports what fails. Only the process entry point starts it, not the in-process runs of the tests.
 */
final class Warmup {
    private Warmup() {}

    static void start() {
        NamedThreads.thread("snapshift-warmup", Warmup::run).start();
    }

    private static void run() {
        try {
            LoggerFactory.getILoggerFactory();
            Class.forName(
                    "com.fasterxml.jackson.databind.ObjectMapper",
                    true,
                    Warmup.class.getClassLoader());
            new SecureRandom().nextInt();
        } catch (Throwable ignored) {
            // the run does the same work itself, and reports what fails
        }
    }
}
