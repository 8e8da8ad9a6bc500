package dev.snapshift.internal.copy;

import org.junit.jupiter.api.Test;

import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelismTest {
    static final long SECOND = 1_000_000_000L;

    /** Runs ticks against a model of the servers: bytes per second as a function of the running workers. */
    static int settle(Parallelism p, IntToDoubleFunction rate, int ticks) {
        long bytes = 0;
        long t = 0;
        p.tick(bytes, t, true);
        for (int i = 0; i < ticks; i++) {
            t += SECOND;
            bytes += (long) rate.applyAsDouble(p.limit());
            p.tick(bytes, t, true);
        }
        return p.limit();
    }

    @Test
    void climbsWhileMoreWorkersPay() {
        Parallelism p = new Parallelism(8, true);
        assertThat(p.limit()).isEqualTo(4);
        assertThat(settle(p, n -> 100.0 * n, 20)).isGreaterThanOrEqualTo(7); // scales linearly: at the top, probing 7
    }

    @Test
    void settlesNearThePeakAndDoesNotWanderFar() {
        Parallelism p = new Parallelism(8, true);
        IntToDoubleFunction peakAtThree = n -> 1000 - 150.0 * Math.abs(n - 3);
        settle(p, peakAtThree, 10);
        int min = 8;
        int max = 1;
        long bytes = 0;
        for (int i = 0; i < 40; i++) {
            bytes += (long) peakAtThree.applyAsDouble(p.limit());
            p.tick(bytes, (11 + i) * SECOND, true);
            min = Math.min(min, p.limit());
            max = Math.max(max, p.limit());
        }
        assertThat(min).isGreaterThanOrEqualTo(2); // only single probing steps around 3
        assertThat(max).isLessThanOrEqualTo(4);
    }

    @Test
    void ticksWithoutWorkForEveryoneDoNotCount() {
        Parallelism p = new Parallelism(8, true);
        long t = 0;
        for (int i = 0; i < 10; i++) {
            p.tick(i * 10L, t += SECOND, false); // the tail of the copy: throughput falls, but not for lack of workers
        }
        assertThat(p.limit()).isEqualTo(4);
    }

    @Test
    void fixedWhenNotAdaptive() {
        Parallelism p = new Parallelism(6, false);
        assertThat(settle(p, n -> 1000.0 / n, 20)).isEqualTo(6);
    }

    @Test
    void runningSlotsNeverExceedTheLimit() {
        Parallelism p = new Parallelism(3, false);
        assertThat(p.tryEnter()).isTrue();
        assertThat(p.tryEnter()).isTrue();
        assertThat(p.tryEnter()).isTrue();
        assertThat(p.tryEnter()).isFalse();
        p.exit();
        assertThat(p.tryEnter()).isTrue();
    }
}
