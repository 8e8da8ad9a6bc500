package dev.snapshift.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrierTest {
    static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

    @Test
    void backoffDoublesUpToItsCap() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4)))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(350),
                        Duration.ofMillis(350));
        assertThat(p.retriesAfter(4)).isTrue();
        assertThat(p.retriesAfter(5)).isFalse();
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetryableFailureIsTriedAgainAndTheStepBeforeEachRetryRuns() throws Exception {
        List<Integer> before = new ArrayList<>();
        String result =
                Retrier.run(
                        "step",
                        QUICK,
                        SQLException.class,
                        e -> true,
                        (e, n) -> before.add(n),
                        n -> {
                            if (n < 3) {
                                throw new SQLException("lost " + n, "08S01");
                            }
                            return "done on " + n;
                        });
        assertThat(result).isEqualTo("done on 3");
        assertThat(before).containsExactly(1, 2);
    }

    @Test
    void theLastFailureAndAFailureThatIsNotRetryableAreThrownAsTheyAre() {
        assertThatThrownBy(
                        () ->
                                Retrier.run(
                                        "step",
                                        QUICK,
                                        SQLException.class,
                                        e -> true,
                                        Retrier.BeforeRetry.none(),
                                        n -> {
                                            throw new SQLException("lost " + n, "08S01");
                                        }))
                .hasMessage("lost 3");
        int[] calls = {0};
        assertThatThrownBy(
                        () ->
                                Retrier.run(
                                        "step",
                                        QUICK,
                                        SQLException.class,
                                        e -> e.getSQLState().startsWith("08"),
                                        Retrier.BeforeRetry.none(),
                                        n -> {
                                            calls[0]++;
                                            throw new SQLException("syntax", "42000");
                                        }))
                .hasMessage("syntax");
        assertThat(calls[0]).as("not retried").isEqualTo(1);
        assertThatThrownBy(
                        () ->
                                Retrier.run(
                                        "step",
                                        QUICK,
                                        SQLException.class,
                                        e -> true,
                                        Retrier.BeforeRetry.none(),
                                        n -> {
                                            throw new IllegalStateException("a bug");
                                        }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInterruptDuringTheBackoffIsNotSwallowed() {
        RetryPolicy slow = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(30));
        Thread.currentThread().interrupt();
        assertThatThrownBy(
                        () ->
                                Retrier.run(
                                        "step",
                                        slow,
                                        SQLException.class,
                                        e -> true,
                                        Retrier.BeforeRetry.none(),
                                        n -> {
                                            throw new SQLException("lost", "08S01");
                                        }))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse(); // sleep cleared the flag as it threw
    }
}
