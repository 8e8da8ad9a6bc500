package dev.snapshift.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pure parts of the lock bounds, and the watchdog with a cancel that only counts. */
class LocksTest {

    static Locks.Cancel counting(AtomicInteger cancels) {
        return cancels::incrementAndGet;
    }

    @Test
    void theServerBoundIsTheTimeoutRoundedUpToWholeSeconds() {
        assertThat(Locks.serverSeconds(Duration.ofMillis(100))).isEqualTo(1);
        assertThat(Locks.serverSeconds(Duration.ofMillis(500))).isEqualTo(1);
        assertThat(Locks.serverSeconds(Duration.ofMillis(1000))).isEqualTo(1);
        assertThat(Locks.serverSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(Locks.serverSeconds(Duration.ofSeconds(10))).isEqualTo(10);
    }

    @Test
    void timeoutsAreNamedAsUsersWriteThem() {
        assertThat(Locks.describe(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Locks.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Locks.describe(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Locks.describe(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Locks.describe(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Locks.describe(Duration.ofHours(2))).isEqualTo("2h");
    }

    @Test
    void aTimedOutLockReadsAsLockWaitTimeout() {
        java.sql.SQLException e =
                Locks.timedOut("FLUSH TABLES WITH READ LOCK", Duration.ofMillis(500), null);
        assertThat(e.getErrorCode()).isEqualTo(1205);
        assertThat(e.getMessage())
                .contains("FLUSH TABLES WITH READ")
                .contains("500ms deadline")
                .contains("--lock-wait-timeout");
        assertThat(GlobalReadLock.classify(e, Duration.ofMillis(500)).getMessage())
                .contains("could not take the global read lock within 500ms")
                .contains("SHOW PROCESSLIST");
    }

    @Test
    void watchdogClosedBeforeTheDeadlineNeverCancels() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        Locks.Watchdog w = Locks.Watchdog.start(counting(cancels), Duration.ofMillis(200));
        w.close();
        Thread.sleep(400);
        assertThat(w.fired()).isFalse();
        assertThat(cancels).hasValue(0);
    }

    @Test
    void watchdogCancelsOnceAtTheDeadlineAndCloseWaitsForIt() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        long t0 = System.nanoTime();
        Locks.Watchdog w = Locks.Watchdog.start(counting(cancels), Duration.ofMillis(150));
        while (cancels.get() == 0 && System.nanoTime() - t0 < 10_000_000_000L) {
            Thread.sleep(5);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        w.close();
        w.close();
        assertThat(w.fired()).isTrue();
        assertThat(cancels).hasValue(1);
        assertThat(ms).as("cancelled at the deadline, not before").isGreaterThanOrEqualTo(150);
    }

    @Test
    void watchdogFiresEarlyWhenTheStatementWaitsInVainAndNotWhenItCannotTell() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger looks = new AtomicInteger();
        long t0 = System.nanoTime();
        Locks.Watchdog w =
                Locks.Watchdog.start(
                        counting(cancels),
                        Duration.ofSeconds(30),
                        () -> looks.incrementAndGet() >= 3);
        while (cancels.get() == 0 && System.nanoTime() - t0 < 10_000_000_000L) {
            Thread.sleep(5);
        }
        w.close();
        assertThat(w.firedEarly()).isTrue();
        assertThat(looks).hasValue(3);
        assertThat(cancels).hasValue(1);

        AtomicInteger cancels2 = new AtomicInteger();
        Locks.Watchdog failing =
                Locks.Watchdog.start(
                        counting(cancels2),
                        Duration.ofMillis(200),
                        () -> {
                            throw new java.sql.SQLException("no PROCESS privilege", "42000", 1227);
                        });
        Thread.sleep(400);
        failing.close();
        assertThat(failing.fired()).as("the deadline still fires").isTrue();
        assertThat(failing.firedEarly()).isFalse();
    }

    @Test
    void givingUpNamesEveryTryAndThoseEndedEarly() {
        java.sql.SQLException last = new java.sql.SQLException("x", "HY000", 1205);
        java.sql.SQLException e =
                Locks.gaveUp(
                        "FLUSH TABLES WITH READ LOCK",
                        Duration.ofSeconds(3),
                        java.util.List.of(100L, 100L, 200L, 400L),
                        2,
                        420,
                        last);
        assertThat(e.getErrorCode()).isEqualTo(1205);
        assertThat(e.getMessage())
                .contains("did not get through in 3s (--lock-wait-timeout)")
                .contains("4 tries of [100ms, 100ms, 200ms, 400ms]")
                .contains(
                        "2 of them, as soon as writers waiting for each other's row locks held it"
                                + " up for good")
                .contains("the tries waited 420 ms in all, the writers with them");
        assertThat(e.getCause()).isSameAs(last);
        assertThat(
                        (Throwable)
                                Locks.gaveUp(
                                        "FLUSH TABLES WITH READ LOCK",
                                        Duration.ofMillis(100),
                                        java.util.List.of(100L),
                                        0,
                                        100,
                                        last))
                .as("one try: its own failure")
                .isSameAs(last);
    }
}
