package dev.snapshift.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ParallelismTest {
    static final long SECOND = 1_000_000_000L;

    /**
     * A model of the servers: bytes per second as a function of the running workers, ticked once a
     * second.
     */
    static final class Servers {
        final Parallelism p;
        final IntToDoubleFunction rate;
        long bytes;
        long t;

        Servers(Parallelism p, IntToDoubleFunction rate) {
            this.p = p;
            this.rate = rate;
            p.tick(0, 0, true);
        }

        int tick() {
            t += SECOND;
            bytes += (long) rate.applyAsDouble(p.limit());
            return p.tick(bytes, t, true);
        }
    }

    static int settle(Parallelism p, IntToDoubleFunction rate, int ticks) {
        Servers s = new Servers(p, rate);
        for (int i = 0; i < ticks; i++) {
            s.tick();
        }
        return p.limit();
    }

    @Test
    void climbsWhileMoreWorkersPay() {
        Parallelism p = new Parallelism(8, true);
        assertThat(p.limit()).isEqualTo(4);
        assertThat(settle(p, n -> 100.0 * n, 30))
                .isGreaterThanOrEqualTo(7); // scales linearly: at the top, probing 7
    }

    @Test
    void settlesNearThePeakAndDoesNotWanderFar() {
        Parallelism p = new Parallelism(8, true);
        Servers servers = new Servers(p, n -> 1000 - 150.0 * Math.abs(n - 3));
        for (int i = 0; i < 20; i++) {
            servers.tick();
        }
        int min = 8;
        int max = 1;
        for (int i = 0; i < 40; i++) {
            int limit = servers.tick();
            min = Math.min(min, limit);
            max = Math.max(max, limit);
        }
        assertThat(min).isGreaterThanOrEqualTo(2); // only single probing steps around 3
        assertThat(max).isLessThanOrEqualTo(4);
    }

    @Test
    void ticksWithoutWorkForEveryoneDoNotCount() {
        Parallelism p = new Parallelism(8, true);
        long t = 0;
        for (int i = 0; i < 10; i++) {
            p.tick(
                    i * 10L,
                    t += SECOND,
                    false); // the tail of the copy: throughput falls, but not for lack of workers
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

    private static dev.snapshift.internal.schema.TableInfo table(long estimatedRows) {
        return new dev.snapshift.internal.schema.TableInfo(
                "d",
                "t" + estimatedRows,
                "InnoDB",
                estimatedRows,
                1,
                java.util.List.of(),
                java.util.List.of(),
                "PRIMARY");
    }

    @Test
    void theTargetSessionsAtTheStartAreTheWorkersThatRunFirstButNoMoreThanChunks() {
        var small = java.util.List.of(table(2), table(0), table(-1)); // -1: no estimate
        var big = java.util.List.of(table(12_000_000));
        // one per worker that runs at first: all of them, or half when adapting
        assertThat(CopyEngine.targetSessionsAtStart(8, false, big, 500_000)).isEqualTo(8);
        assertThat(CopyEngine.targetSessionsAtStart(8, true, big, 500_000)).isEqualTo(4);
        assertThat(CopyEngine.targetSessionsAtStart(3, true, big, 500_000)).isEqualTo(2);
        assertThat(CopyEngine.targetSessionsAtStart(1, true, big, 500_000)).isEqualTo(1);
        // a small copy: one chunk per table at least, no session it would not use
        assertThat(CopyEngine.targetSessionsAtStart(8, false, small, 500_000)).isEqualTo(3);
        // 12M rows in chunks of 5M: 3 chunks
        assertThat(CopyEngine.targetSessionsAtStart(8, false, big, 5_000_000)).isEqualTo(3);
        assertThat(CopyEngine.targetSessionsAtStart(8, false, java.util.List.of(), 500_000))
                .isZero();
    }
}
