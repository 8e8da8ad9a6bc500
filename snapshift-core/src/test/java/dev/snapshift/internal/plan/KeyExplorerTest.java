package dev.snapshift.internal.plan;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds());
        assertThat(r.queries()).isEqualTo(1);
        assertThat(r.keysRead()).isEqualTo(16 * 64);
        assertThat(r.rows()).isBetween(999_000.0, 1_001_000.0);
        piecesInOrderWithinBounds(r.pieces(), keys.bounds());
    }

    @Test
    void aSmallTableIsCountedExactly() throws Exception {
        SortedKeys keys = SortedKeys.of(LongStream.of(-7, 0, 3, 1_000_000_007L));
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds());
        assertThat(r.rows()).isEqualTo(4);
        assertThat(r.pieces()).allMatch(Piece::exact);
    }

    @Test
    void theBudgetBoundsTheReadsAndWhatItLeavesKeepsAnEstimate() throws Exception {
        // 64 clusters of 5000 keys, 10^12 apart: many probes to isolate them all
        SortedKeys keys = SortedKeys.of(LongStream.range(0, 320_000).map(i -> (i / 5000) * 1_000_000_000_000L + i % 5000));
        KeyExplorer.Result tight = new KeyExplorer(4 * 16 * 64, 4).explore(keys, keys.bounds());
        assertThat(keys.queries).isLessThanOrEqualTo(4);
        assertThat(keys.read).isLessThanOrEqualTo(4 * 16 * 64);
        assertThat(tight.rows()).isGreaterThan(0);
        piecesInOrderWithinBounds(tight.pieces(), keys.bounds());
        SortedKeys again = SortedKeys.of(LongStream.range(0, 320_000).map(i -> (i / 5000) * 1_000_000_000_000L + i % 5000));
        KeyExplorer.Result full = new KeyExplorer().explore(again, again.bounds());
        assertThat(full.rows()).isBetween(300_000.0, 340_000.0);
        assertThat(again.read).isLessThanOrEqualTo(KeyExplorer.READ_BUDGET);
    }

    @Test
    void refusesABudgetTooSmallForOneProbe() {
        assertThatThrownBy(() -> new KeyExplorer(100, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyExplorer(1 << 20, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsignedKeysUpToTwoToThe64() throws Exception {
        BigInteger max = new BigInteger("18446744073709551615");
        SortedKeys keys = new SortedKeys(java.util.stream.Stream.of(BigInteger.ZERO, max, max.subtract(BigInteger.ONE)));
        KeyExplorer.Result r = new KeyExplorer().explore(keys, keys.bounds());
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.pieces().get(r.pieces().size() - 1).range().hi()).isEqualTo(max);
    }
}
