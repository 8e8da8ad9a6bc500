package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a bounded lock attempt a few times with backoff. Each attempt is bounded by the lock wait timeout, so
 * writers are never blocked longer than that by one attempt; between attempts they flow freely.
 */
final class LockRetry {
    private static final Logger LOG = LoggerFactory.getLogger(LockRetry.class);
    static final int ATTEMPTS = 3;

    private LockRetry() {
    }

    static <T> T attempt(String what, Duration backoff, Supplier<T> lock) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return lock.get();
            } catch (SnapshiftException e) {
                if (e.code() != ErrorCode.SNAPSHOT || attempt >= ATTEMPTS) {
                    throw e;
                }
                long pause = backoff.toMillis() * attempt;
                LOG.warn("{} attempt {} of {} failed ({}); writers flow again, retrying in {} ms", what, attempt, ATTEMPTS,
                        e.getMessage(), pause);
                Thread.sleep(pause);
            }
        }
    }
}
