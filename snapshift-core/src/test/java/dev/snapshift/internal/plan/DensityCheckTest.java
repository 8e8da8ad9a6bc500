package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DensityCheckTest {
    static BigInteger b(long v) {
        return BigInteger.valueOf(v);
    }

    /** The probes of [lo, hi] in `parts` parts over the given keys. */
    static List<Probe> probes(LongStream keys, long lo, long hi, int run) {
        return SortedKeys.of(keys).probe(KeyRange.of(lo, hi).split(16), run);
    }

    @Test
    void aProbeMeasuresFromItsPointAndCountsWhatItCovers() {
        Probe p = new Probe(KeyRange.of(0, 999), 64, 64, b(100), b(163), b(900));
        assertThat(p.exact()).isFalse();
        assertThat(p.density())
                .isCloseTo(64 / 164.0, within(1e-12)); // the gap before the first key counts
        assertThat(p.runDensity())
                .isCloseTo(1.0, within(1e-12)); // it does not for the rest of [first, last]
        assertThat(p.rows(1.0)).isCloseTo(64 + 737, within(1e-9));
        assertThat(p.restRows(0.5)).isCloseTo(368.5, within(1e-9));
        assertThat(p.held()).isEqualTo(KeyRange.of(100, 900));
        assertThat(p.filled()).isTrue();
        assertThat(p.landedBeforeCluster()).isTrue(); // 100 keys of gap before a run spanning 64
        Probe counted = new Probe(KeyRange.of(0, 999), 64, 3, b(5), b(7), b(7));
        assertThat(counted.exact()).isTrue();
        assertThat(counted.rows(123)).isEqualTo(3);
        assertThat(new Probe(KeyRange.of(0, 999), 64, 64, b(0), b(63), b(400)).filled()).isFalse();
    }

    @Test
    void evenForDenseAndForRandomKeys() {
        assertThat(DensityCheck.shape(probes(LongStream.rangeClosed(1, 100_000), 1, 100_000, 64)))
                .isEqualTo(DensityCheck.Shape.EVEN);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        assertThat(
                        DensityCheck.shape(
                                probes(
                                        r.longs(100_000, 0, Long.MAX_VALUE),
                                        0,
                                        Long.MAX_VALUE - 1,
                                        64)))
                .isEqualTo(DensityCheck.Shape.EVEN);
    }

    @Test
    void evenWhenEverythingWasCounted() {
        assertThat(DensityCheck.shape(probes(LongStream.rangeClosed(1, 500), 1, 500, 64)))
                .isEqualTo(DensityCheck.Shape.EVEN);
    }

    @Test
    void unevenWithAnEmptyStretchOrASentinel() {
        assertThat(
                        DensityCheck.shape(
                                probes(
                                        LongStream.concat(
                                                LongStream.rangeClosed(1, 10_000),
                                                LongStream.of(9_000_000_000_000_000_000L)),
                                        1,
                                        9_000_000_000_000_000_000L,
                                        64)))
                .isEqualTo(DensityCheck.Shape.UNEVEN);
    }

    @Test
    void unevenWithADensityStep() {
        // dense on the left half, one key in 16 on the right: every sub-range holds keys, densities
        // differ
        LongStream keys =
                LongStream.rangeClosed(1, 160_000).filter(k -> k <= 80_000 || k % 16 == 0);
        assertThat(DensityCheck.shape(probes(keys, 1, 160_000, 64)))
                .isEqualTo(DensityCheck.Shape.UNEVEN);
    }

    @Test
    void clusteredWhenProbesLandInGapsBeforeDenseClusters() {
        // Snowflake-like: 100 keys per millisecond, milliseconds 2^22 apart
        LongStream keys = LongStream.range(0, 100_000).map(i -> ((i / 100) << 22) | (i % 100));
        assertThat(DensityCheck.shape(probes(keys, 0, (999L << 22) | 99, 64)))
                .isEqualTo(DensityCheck.Shape.CLUSTERED);
        // with runs that reach across several milliseconds the density between clusters shows,
        // evenly
        keys = LongStream.range(0, 100_000).map(i -> ((i / 100) << 22) | (i % 100));
        assertThat(DensityCheck.shape(probes(keys, 0, (999L << 22) | 99, 1024)))
                .isEqualTo(DensityCheck.Shape.EVEN);
    }

    @Test
    void pooledDensityWeighsEachProbeBySpan() {
        List<Probe> full = new ArrayList<>();
        full.add(new Probe(KeyRange.of(0, 999), 10, 10, b(0), b(9), b(999))); // 10 keys over 10
        full.add(
                new Probe(
                        KeyRange.of(1000, 1999),
                        10,
                        10,
                        b(1000),
                        b(1089),
                        b(1999))); // 10 keys over 90
        assertThat(DensityCheck.pooledDensity(full)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void theMedianDensityIgnoresAProbeThatLandedJustBeforeACluster() {
        List<Probe> probes =
                List.of(
                        new Probe(
                                KeyRange.of(0, 9_999), 10, 10, b(5), b(14), b(9_000)), // 10 over 15
                        new Probe(
                                KeyRange.of(10_000, 19_999),
                                10,
                                10,
                                b(15_000),
                                b(15_009),
                                b(19_000)), // 10 over 5010
                        new Probe(
                                KeyRange.of(20_000, 29_999),
                                10,
                                10,
                                b(28_000),
                                b(28_009),
                                b(29_000)), // 10 over 8010
                        new Probe(
                                KeyRange.of(30_000, 39_999),
                                10,
                                3,
                                b(30_001),
                                b(30_003),
                                b(30_003)), // counted
                        new Probe(KeyRange.of(40_000, 49_999), 10, 0, null, null, null));
        assertThat(DensityCheck.medianDensity(probes)).isCloseTo(10 / 5010.0, within(1e-12));
        assertThat(DensityCheck.medianDensity(probes.subList(1, 5)))
                .isInfinite(); // two full probes: no median
    }
}
