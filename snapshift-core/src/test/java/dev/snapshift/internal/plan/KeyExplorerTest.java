package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeyExplorerTest {
    static void piecesInOrderWithinBounds(List<Piece> pieces, KeyRange bounds) {
        for (int i = 0; i < pieces.size(); i++) {
            KeyRange r = pieces.get(i).range();
            assertThat(r.lo()).isGreaterThanOrEqualTo(bounds.lo());
            assertThat(r.hi()).isLessThanOrEqualTo(bounds.hi());
            if (i > 0) {
                assertThat(r.lo()).isGreaterThan(pieces.get(i - 1).range().hi());
            }
        }
    }

    @Test
    void aDenseTableTakesOneProbe() throws Exception {
        SortedKeys keys = SortedKeys.of(LongStream.rangeClosed(1, 1_000_000));
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds(), 1000);
        assertThat(r.queries()).isEqualTo(1);
        assertThat(r.keysRead()).isEqualTo(16 * 64);
        assertThat(r.rows()).isBetween(999_000.0, 1_001_000.0);
        piecesInOrderWithinBounds(r.pieces(), keys.bounds());
    }

    @Test
    void aSmallTableIsCountedExactly() throws Exception {
        SortedKeys keys = SortedKeys.of(LongStream.of(-7, 0, 3, 1_000_000_007L));
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds(), 1000);
        assertThat(r.rows()).isEqualTo(4);
        assertThat(r.pieces()).allMatch(Piece::exact);
    }

    @Test
    void theBudgetBoundsTheReadsAndWhatItLeavesKeepsAnEstimate() throws Exception {
        // many probes to isolate them all
        SortedKeys keys = clusters();
        KeyExplorer.Result tight =
                new KeyExplorer(4 * 16 * 64, 4).explore(keys, keys.bounds(), 1000);
        assertThat(keys.queries).isLessThanOrEqualTo(4);
        assertThat(keys.read).isLessThanOrEqualTo(4 * 16 * 64);
        assertThat(tight.rows()).isGreaterThan(0);
        piecesInOrderWithinBounds(tight.pieces(), keys.bounds());
        SortedKeys again = clusters();
        KeyExplorer.Result full = new KeyExplorer().explore(again, again.bounds(), 1000);
        assertThat(full.rows()).isBetween(300_000.0, 340_000.0);
        assertThat(again.read).isLessThanOrEqualTo(KeyExplorer.READ_BUDGET);
    }

    @Test
    void aTableOfAFewChunksTakesAFewStatementsWhateverItsKeys() throws Exception {
        // 100 bursts of 10 milliseconds of Snowflake ids (200 a millisecond), 100 s apart: 200,000
        // rows, and chunks of
        // 163,680 rows as 32 MB of sysbench rows give. Little to balance: no need to find every
        // burst. (Runs of 1024
        // keys see half a burst: the cautious estimate of what is not looked at is low, never
        // thousands of chunks.)
        SortedKeys keys = bursts();
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds(), 163_680);
        assertThat(r.queries()).isLessThanOrEqualTo(KeyExplorer.MIN_QUERIES + 2);
        assertThat(RangeCutter.cut(r.pieces(), keys.bounds(), 163_680, 100_000))
                .hasSizeBetween(1, 4);
        // the same keys cut in chunks of 500 rows are worth looking at closer
        SortedKeys again = bursts();
        KeyExplorer.Result fine = new KeyExplorer().explore(again, again.bounds(), 500);
        assertThat(fine.queries()).isGreaterThan(KeyExplorer.MIN_QUERIES + 2);
        assertThat(fine.rows()).isBetween(80_000.0, 250_000.0);
    }

    static SortedKeys bursts() {
        long t0 = 1_700_000_000_000L;
        return SortedKeys.of(
                LongStream.range(0, 200_000)
                        .map(n -> (t0 + n / 200 + n / 2000 * 100_000) << 22 | n % 200)
                        .sorted());
    }

    /** 64 clusters of 5000 keys, 10^12 apart. */
    static SortedKeys clusters() {
        return SortedKeys.of(
                LongStream.range(0, 320_000).map(i -> i / 5000 * 1_000_000_000_000L + i % 5000));
    }

    @Test
    void aSmallUnevenTableIsReadWholeAndCutExactly() throws Exception {
        // 20,000 Snowflake ids in 10 groups: uneven at the first probe, and small: its keys are
        // read in one statement
        long t0 = 1_700_000_000_000L;
        LongStream ids =
                LongStream.range(0, 20_000)
                        .map(n -> (t0 + n / 200 + n / 2000 * 100_000) << 22 | n % 200);
        SortedKeys keys = SortedKeys.of(ids);
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds(), 500);
        assertThat(r.queries()).isEqualTo(2);
        assertThat(r.pieces()).allMatch(Piece::exact);
        List<KeyRange> ranges = RangeCutter.cut(r.pieces(), keys.bounds(), 500, 100_000);
        assertThat(ranges).hasSize(40).allMatch(k -> keys.count(k) == 500);
    }

    @Test
    void aLargeTableThatSeemedSmallKeepsTheKeysReadAndExploresTheRest() throws Exception {
        // 120,000 Snowflake ids in 60 groups: probes in the gaps between groups measure a low
        // density, the table seems
        // small but is not: the first 65,536 keys are read, the rest is explored
        long t0 = 1_700_000_000_000L;
        LongStream ids =
                LongStream.range(0, 120_000)
                        .map(n -> (t0 + n / 200 + n / 2000 * 100_000) << 22 | n % 200);
        SortedKeys keys = SortedKeys.of(ids);
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds(), 500);
        assertThat(r.pieces().stream().filter(Piece::exact).mapToDouble(Piece::rows).sum())
                .isGreaterThanOrEqualTo(KeyExplorer.SMALL_TABLE);
        assertThat(r.rows()).isBetween(80_000.0, 160_000.0);
        piecesInOrderWithinBounds(r.pieces(), keys.bounds());
    }

    @Test
    void refusesABudgetTooSmallForOneProbe() {
        assertThatThrownBy(() -> new KeyExplorer(100, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyExplorer(1 << 20, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsignedKeysUpToTwoToThe64() throws Exception {
        BigInteger max = new BigInteger("18446744073709551615");
        SortedKeys keys =
                new SortedKeys(
                        java.util.stream.Stream.of(
                                BigInteger.ZERO, max, max.subtract(BigInteger.ONE)));
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds(), 1000);
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.pieces().get(r.pieces().size() - 1).range().hi()).isEqualTo(max);
    }
}
