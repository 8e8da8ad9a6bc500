package dev.snapshift.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstOfATenthOfASecondPassesThenRowsWaitForTheRate() {
        RateLimiter limiter = new RateLimiter(10_000, now::get);
        assertThat(limiter.reserve(1_000)).as("0.1 s of rows: the burst").isZero();
        assertThat(limiter.reserve(1_000)).as("0.1 s more: wait 0.1 s").isEqualTo(100_000_000L);
        assertThat(limiter.reserve(500)).isEqualTo(150_000_000L);
    }

    @Test
    void timePassingFreesTheRateButDoesNotSaveItUp() {
        RateLimiter limiter = new RateLimiter(1_000, now::get);
        assertThat(limiter.reserve(100)).isZero();
        assertThat(limiter.reserve(100)).isEqualTo(100_000_000L);
        now.addAndGet(10_000_000_000L); // idle for 10 s
        assertThat(limiter.reserve(100)).as("only the burst, not 10 s of credit").isZero();
        assertThat(limiter.reserve(100)).isEqualTo(100_000_000L);
    }

    @Test
    void workersShareOneRate() {
        RateLimiter limiter = new RateLimiter(2_000, now::get);
        long total = 0;
        for (int i = 0; i < 4; i++) { // four workers, 1,000 rows each, at the same instant
            total = Math.max(total, limiter.reserve(1_000));
        }
        // 4,000 rows at 2,000 rows/s take 2 s; the burst lets 0.1 s go early
        assertThat(total).isEqualTo(1_900_000_000L);
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
