package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeCutterTest {
    static final BigInteger UNSIGNED_MAX = new BigInteger("18446744073709551615");

    static Piece piece(long lo, long hi, double rows) {
        return new Piece(KeyRange.of(lo, hi), rows, false);
    }

    @Test
    void evenPieceIsCutEvenly() {
        List<KeyRange> r =
                RangeCutter.cut(
                        List.of(piece(1, 10_000, 10_000)), KeyRange.of(1, 10_000), 1000, 100);
        assertThat(r)
                .extracting(KeyRange::toString)
                .hasSize(10)
                .startsWith("[1..1000]", "[1001..2000]")
                .endsWith("[9001..10000]");
    }

    @Test
    void rangesFollowThePiecesAndCoverTheGaps() {
        // 200,001 rows in [0, 200000] and a sentinel at 9e18: 401 ranges, the sentinel in the last
        // one
        long sentinel = 9_000_000_000_000_000_000L;
        Piece last = new Piece(KeyRange.of(sentinel, sentinel), 1, true);
        List<KeyRange> r =
                RangeCutter.cut(
                        List.of(piece(0, 200_000, 200_001), last),
                        KeyRange.of(0, sentinel),
                        500,
                        100_000);
        assertThat(r).hasSize(401);
        KeyRangeTest.coversExactly(KeyRange.of(0, sentinel), r);
        assertThat(r.get(0)).isEqualTo(KeyRange.of(0, 497)); // 200,002 rows / 401 = 498.75 a range
        assertThat(r.get(400).hi()).isEqualTo(BigInteger.valueOf(sentinel));
        assertThat(r.get(400).lo()).isEqualTo(BigInteger.valueOf(199_503)); // 400 x 498.758 rows
    }

    @Test
    void denseAndSparsePiecesGetRangesOfEqualRows() {
        // 1000 rows in [0, 999], then 1000 rows spread over [10^12, 2*10^12): 4 ranges, two in each
        Piece sparse = piece(1_000_000_000_000L, 1_999_999_999_999L, 1000);
        List<KeyRange> r =
                RangeCutter.cut(
                        List.of(piece(0, 999, 1000), sparse),
                        KeyRange.of(0, 1_999_999_999_999L),
                        500,
                        100);
        assertThat(r)
                .extracting(KeyRange::toString)
                .containsExactly(
                        "[0..499]",
                        "[500..999999999999]",
                        "[1000000000000..1499999999999]",
                        "[1500000000000..1999999999999]");
    }

    @Test
    void nothingEstimatedGivesOneRange() {
        assertThat(RangeCutter.cut(List.of(), KeyRange.of(-5, 5), 500, 100))
                .containsExactly(KeyRange.of(-5, 5));
        assertThat(RangeCutter.cut(List.of(piece(7, 7, 1)), KeyRange.of(7, 7), 500, 100))
                .containsExactly(KeyRange.of(7, 7));
    }

    @Test
    void rangesAreCapped() {
        List<KeyRange> r =
                RangeCutter.cut(
                        List.of(
                                new Piece(
                                        new KeyRange(BigInteger.ZERO, UNSIGNED_MAX), 1e19, false)),
                        new KeyRange(BigInteger.ZERO, UNSIGNED_MAX),
                        1,
                        1000);
        assertThat(r).hasSize(1000);
        KeyRangeTest.coversExactly(new KeyRange(BigInteger.ZERO, UNSIGNED_MAX), r);
    }

    @Test
    void unsignedMaxAndSignedMinWithoutOverflow() {
        KeyRange top = new KeyRange(UNSIGNED_MAX.subtract(BigInteger.valueOf(999)), UNSIGNED_MAX);
        List<KeyRange> r = RangeCutter.cut(List.of(new Piece(top, 1000, true)), top, 250, 100);
        assertThat(r)
                .extracting(KeyRange::toString)
                .containsExactly(
                        "[18446744073709550616..18446744073709550865]",
                        "[18446744073709550866..18446744073709551115]",
                        "[18446744073709551116..18446744073709551365]",
                        "[18446744073709551366..18446744073709551615]");
        KeyRange bottom = KeyRange.of(Long.MIN_VALUE, Long.MIN_VALUE + 999);
        assertThat(RangeCutter.cut(List.of(new Piece(bottom, 1000, true)), bottom, 500, 100))
                .extracting(KeyRange::toString)
                .containsExactly(
                        "[-9223372036854775808..-9223372036854775309]",
                        "[-9223372036854775308..-9223372036854774809]");
    }

    @Test
    void aFractionOfAWide64BitSpanKeepsItsLowDigits() {
        assertThat(RangeCutter.fraction(BigInteger.ONE.shiftLeft(64), 0.5))
                .isEqualTo(BigInteger.ONE.shiftLeft(63));
        assertThat(RangeCutter.fraction(UNSIGNED_MAX, 0.0)).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void cutsThatMeetAreMerged() {
        // 10 rows on one key: the estimate asks for 10 ranges, a single key value cannot be split
        assertThat(RangeCutter.cut(List.of(piece(3, 3, 10)), KeyRange.of(3, 3), 1, 100))
                .containsExactly(KeyRange.of(3, 3));
    }
}
