package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    static final BigInteger UNSIGNED_MAX = new BigInteger("18446744073709551615");
    static final BigInteger SIGNED_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger SIGNED_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    static void coversExactly(KeyRange whole, List<KeyRange> parts) {
        assertThat(parts.get(0).lo()).isEqualTo(whole.lo());
        assertThat(parts.get(parts.size() - 1).hi()).isEqualTo(whole.hi());
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).lo())
                    .as("part %d of %s", i, parts)
                    .isEqualTo(parts.get(i - 1).hi().add(BigInteger.ONE));
        }
    }

    @Test
    void splitsEvenlyAndExactly() {
        List<KeyRange> parts = KeyRange.of(0, 99).split(16);
        assertThat(parts).hasSize(16);
        coversExactly(KeyRange.of(0, 99), parts);
        assertThat(parts).allSatisfy(p -> assertThat(p.width().intValue()).isBetween(6, 7));
        assertThat(KeyRange.of(1, 10_000).split(10))
                .extracting(KeyRange::toString)
                .startsWith("[1..1000]", "[1001..2000]")
                .endsWith("[9001..10000]");
    }

    @Test
    void aNarrowRangeSplitsIntoSingleKeys() {
        assertThat(KeyRange.of(5, 7).split(16))
                .extracting(KeyRange::toString)
                .containsExactly("[5..5]", "[6..6]", "[7..7]");
        assertThat(KeyRange.of(5, 7).probeSplit(16))
                .extracting(KeyRange::toString)
                .containsExactly("[5..5]", "[6..6]", "[7..7]");
    }

    @Test
    void minEqualToMaxIsASpanOfOne() {
        KeyRange one = new KeyRange(UNSIGNED_MAX, UNSIGNED_MAX);
        assertThat(one.width()).isEqualTo(BigInteger.ONE);
        assertThat(one.split(16)).containsExactly(one);
        assertThat(one.probeSplit(16)).containsExactly(one);
    }

    @Test
    void wholeUnsignedBigintWithoutOverflow() {
        KeyRange all = new KeyRange(BigInteger.ZERO, UNSIGNED_MAX);
        assertThat(all.width()).isEqualTo(BigInteger.ONE.shiftLeft(64));
        List<KeyRange> parts = all.split(16);
        coversExactly(all, parts);
        assertThat(parts)
                .allSatisfy(p -> assertThat(p.width()).isEqualTo(BigInteger.ONE.shiftLeft(60)));
        coversExactly(all, all.probeSplit(16));
    }

    @Test
    void wholeSignedBigintWithoutOverflow() {
        KeyRange all = new KeyRange(SIGNED_MIN, SIGNED_MAX);
        List<KeyRange> parts = all.split(16);
        coversExactly(all, parts);
        assertThat(parts.get(8).lo()).isEqualTo(BigInteger.ZERO);
        List<KeyRange> shifted = all.probeSplit(16);
        coversExactly(all, shifted);
        assertThat(shifted).hasSize(16);
    }

    @Test
    void probePointsAreIrregularButStayNearTheEvenOnes() {
        KeyRange r = KeyRange.of(0, 16_000_000_000L - 1);
        List<KeyRange> even = r.split(16);
        List<KeyRange> shifted = r.probeSplit(16);
        coversExactly(r, shifted);
        java.util.Set<Long> phases = new java.util.HashSet<>();
        for (int j = 1; j < 16; j++) {
            long offset = shifted.get(j).lo().subtract(even.get(j).lo()).longValueExact();
            assertThat(Math.abs(offset)).isLessThanOrEqualTo(250_000_000L); // a quarter of a part
            phases.add(
                    Math.floorMod(shifted.get(j).lo().longValueExact(), 1_000_000_000L)
                            / 100_000_000L);
        }
        assertThat(phases)
                .as("probe points spread over half of a period equal to a part's width")
                .hasSizeGreaterThanOrEqualTo(5);
        for (int j = 1; j < 64; j++) {
            assertThat(KeyRange.shift(j)).isBetween(-0.25, 0.25);
        }
    }

    @Test
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> KeyRange.of(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRange.of(1, 2).split(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
