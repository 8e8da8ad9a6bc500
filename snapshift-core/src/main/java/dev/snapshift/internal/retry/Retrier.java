package dev.snapshift.internal.retry;

import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a step under a {@link RetryPolicy}: a failure the caller calls retryable is logged (what,
 * which attempt, why) and tried again after the backoff; any other failure, or the last one, is
 * thrown as it is. Interrupts are never swallowed: the backoff sleep throws them.
 */
public final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** One attempt; {@code attempt} is 1-based. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run(int attempt) throws E;
    }

    /** Called between attempts, before the pause (to replace a connection, say). */
    @FunctionalInterface
    public interface BeforeRetry<E extends Exception> {
        void run(E failure, int attempt) throws InterruptedException;

        static <E extends Exception> BeforeRetry<E> none() {
            return (failure, attempt) -> {};
        }
    }

    private Retrier() {}

    public static <T, E extends Exception> T run(
            String what,
            RetryPolicy policy,
            Class<E> failureType,
            Predicate<? super E> retryable,
            BeforeRetry<E> beforeRetry,
            Attempt<T, E> attempt)
            throws E, InterruptedException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n);
            } catch (Exception e) {
                if (!failureType.isInstance(e)) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
                E failure = failureType.cast(e);
                if (!policy.retriesAfter(n) || !retryable.test(failure)) {
                    throw failure;
                }
                long pause = policy.backoff(n).toMillis();
                LOG.warn(
                        "{}: attempt {} of {} failed ({}); trying again{}",
                        what,
                        n,
                        policy.attempts(),
                        e.getMessage(),
                        pause > 0 ? " in " + pause + " ms" : "");
                beforeRetry.run(failure, n);
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
        }
    }
}
