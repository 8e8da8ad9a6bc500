package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Planning of the key shapes users have, on keys held in memory: whatever the shape, about
 * rows/chunkRows ranges, each with a similar number of rows, read within the budget.
 */
class KeyShapesTest {
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final int N = 200_000;

    /**
     * How a plan turned out, measured against the keys: {@code within2} ranges hold at most twice
     * chunkRows.
     */
    record Outcome(
            String name,
            int rows,
            int ranges,
            int largest,
            int smallest,
            int empty,
            int within2,
            int queries,
            long read) {
        @Override
        public String toString() {
            return String.format(
                    "%-28s rows %7d ranges %5d largest %6d smallest %6d empty %4d <=2x %5d"
                            + " statements %3d read %6d",
                    name, rows, ranges, largest, smallest, empty, within2, queries, read);
        }
    }

    static Outcome plan(String name, SortedKeys keys, int chunkRows) throws Exception {
        KeyRange bounds = keys.bounds();
        KeyExplorer.Result r = new KeyExplorer().explore(keys, bounds, chunkRows);
        List<KeyRange> ranges =
                RangeCutter.cut(r.pieces(), bounds, chunkRows, ChunkPlanner.MAX_RANGES);
        assertThat(ranges.get(0).lo()).isEqualTo(bounds.lo());
        assertThat(ranges.get(ranges.size() - 1).hi()).isEqualTo(bounds.hi());
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lo()).isEqualTo(ranges.get(i - 1).hi().add(BigInteger.ONE));
        }
        int largest = 0;
        int smallest = Integer.MAX_VALUE;
        int empty = 0;
        int within2 = 0;
        for (KeyRange k : ranges) {
            int c = keys.count(k);
            largest = Math.max(largest, c);
            smallest = Math.min(smallest, c);
            empty += c == 0 ? 1 : 0;
            within2 += c <= 2 * chunkRows ? 1 : 0;
        }
        Outcome o =
                new Outcome(
                        name,
                        keys.size(),
                        ranges.size(),
                        largest,
                        smallest,
                        empty,
                        within2,
                        keys.queries,
                        keys.read);
        System.out.println(o);
        assertThat(keys.read).isLessThanOrEqualTo(KeyExplorer.READ_BUDGET);
        assertThat(keys.queries).isLessThanOrEqualTo(KeyExplorer.MAX_QUERIES);
        return o;
    }

    static SortedKeys big(Stream<BigInteger> keys) {
        return new SortedKeys(keys);
    }

    /** About rows/chunkRows ranges, nearly all within twice chunkRows, none far beyond. */
    static void balanced(Outcome o, int chunkRows) {
        balanced(o, chunkRows, 0.5, 0.9, 3);
    }

    /**
     * At least {@code fewest} times rows/chunkRows ranges and at most twice, at least {@code
     * within2} of them holding at most twice chunkRows, none more than {@code largest} times
     * chunkRows.
     */
    static void balanced(Outcome o, int chunkRows, double fewest, double within2, int largest) {
        double wanted = Math.max(1, (double) o.rows() / chunkRows);
        assertThat((double) o.ranges()).as(o.toString()).isBetween(wanted * fewest, wanted * 2 + 1);
        assertThat((double) o.within2())
                .as(o.toString())
                .isGreaterThanOrEqualTo(within2 * o.ranges());
        assertThat(o.largest()).as(o.toString()).isLessThanOrEqualTo(chunkRows * largest);
    }

    @Test
    void dense() throws Exception {
        balanced(plan("dense 1..N", SortedKeys.of(LongStream.rangeClosed(1, N)), 500), 500);
    }

    @Test
    void sentinelsAroundDenseKeys() throws Exception {
        LongStream sentinels = LongStream.of(0, 9_000_000_000_000_000_000L);
        LongStream keys = LongStream.concat(sentinels, LongStream.rangeClosed(1, N - 2));
        balanced(plan("sentinels 0 and 9e18", SortedKeys.of(keys), 500), 500);
    }

    @Test
    void sentinelsAtBothEndsOfSignedBigint() throws Exception {
        LongStream sentinels = LongStream.of(Long.MIN_VALUE, Long.MAX_VALUE);
        balanced(
                plan(
                        "sentinels -2^63 and 2^63-1",
                        SortedKeys.of(
                                LongStream.concat(sentinels, LongStream.rangeClosed(1, N - 2))),
                        500),
                500);
    }

    @Test
    void unsignedNearTwoToThe64() throws Exception {
        balanced(
                plan(
                        "unsigned 2^64-N..2^64-1, 0",
                        big(
                                Stream.concat(
                                        Stream.of(BigInteger.ZERO),
                                        LongStream.rangeClosed(1, N - 1)
                                                .mapToObj(
                                                        i ->
                                                                TWO_64.subtract(
                                                                        BigInteger.valueOf(i))))),
                        500),
                500);
    }

    @Test
    void negative() throws Exception {
        balanced(plan("negative -N..-1", SortedKeys.of(LongStream.rangeClosed(-N, -1)), 500), 500);
    }

    @Test
    void randomUnsigned64() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        Stream<BigInteger> keys =
                Stream.generate(() -> new BigInteger(Long.toUnsignedString(r.nextLong()))).limit(N);
        balanced(plan("random unsigned 64-bit", big(keys), 500), 500);
    }

    @Test
    void snowflakeRegular() throws Exception {
        long t0 = 1_700_000_000_000L - 1_288_834_974_657L;
        LongStream keys = LongStream.range(0, N).map(i -> (t0 + i / 200) << 22 | i % 200);
        balanced(plan("snowflake 200/ms", SortedKeys.of(keys), 500), 500);
    }

    @Test
    void snowflakeGroups() throws Exception {
        // 200 ids a millisecond, 10 milliseconds in a row, then 100 s of nothing (the integration
        // test's and the
        // benchmark's layout): 100 groups of 2000 rows, longer than the longest run. The budget
        // isolates most of them;
        // the others keep a cautious estimate: fewer ranges than wanted, none far beyond chunkRows.
        long t0 = 1_700_000_000_000L;
        LongStream keys =
                LongStream.range(0, N)
                        .map(n -> (t0 + n / 200 + n / 2000 * 100_000) << 22 | n % 200);
        balanced(plan("snowflake 10 ms groups", SortedKeys.of(keys), 500), 500, 0.5, 0.7, 4);
    }

    @Test
    void snowflakeBursts() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        long t0 = 1_700_000_000_000L - 1_288_834_974_657L;
        LongStream.Builder b = LongStream.builder();
        long ms = t0;
        for (int n = 0; n < N; ) {
            ms += 1 + (r.nextInt(10) == 0 ? r.nextInt(100_000) : r.nextInt(5));
            int burst = Math.min(N - n, 1 + r.nextInt(400));
            for (int s = 0; s < burst; s++) {
                b.add((ms << 22) | ((long) r.nextInt(1 << 10) << 12) | s);
            }
            n += burst;
        }
        // bursts of 1 to 400 rows a millisecond, a random worker id in the middle bits, pauses of
        // up to 100 s: the
        // density changes from one millisecond to the next, more than the budget can follow
        // everywhere
        SortedKeys keys = SortedKeys.of(b.build());
        balanced(plan("snowflake bursts", keys, 500), 500, 0.5, 0.9, 6);
    }

    @Test
    void tenants() throws Exception {
        LongStream keys = LongStream.range(0, N).map(i -> (1 + i % 17) * 1_000_000_000L + i / 17);
        balanced(plan("17 tenants x 1e9", SortedKeys.of(keys), 500), 500);
    }

    @Test
    void denseWithAHole() throws Exception {
        LongStream keys = LongStream.rangeClosed(1, 2 * N).filter(i -> i < N / 2 || i > N * 3 / 2);
        balanced(plan("dense, middle deleted", SortedKeys.of(keys), 500), 500);
    }

    @Test
    void growingGaps() throws Exception {
        balanced(
                plan("squares", SortedKeys.of(LongStream.rangeClosed(1, N).map(i -> i * i)), 500),
                500);
    }

    @Test
    void largeChunks() throws Exception {
        balanced(
                plan(
                        "dense, 100k-row chunks",
                        SortedKeys.of(LongStream.rangeClosed(1, 1_000_000)),
                        100_000),
                100_000);
        long t0 = 1_700_000_000_000L - 1_288_834_974_657L;
        LongStream snowflake =
                LongStream.range(0, 1_000_000).map(i -> (t0 + i / 50) << 22 | i % 50);
        balanced(plan("snowflake, 50k-row chunks", SortedKeys.of(snowflake), 50_000), 50_000);
    }

    @Test
    void tinyTables() throws Exception {
        assertThat(plan("one row", SortedKeys.of(LongStream.of(5)), 500).ranges()).isEqualTo(1);
        assertThat(
                        plan(
                                        "two far apart",
                                        SortedKeys.of(
                                                LongStream.of(Long.MIN_VALUE, Long.MAX_VALUE)),
                                        500)
                                .ranges())
                .isEqualTo(1);
        assertThat(plan("1000 rows", SortedKeys.of(LongStream.rangeClosed(1, 1000)), 500).ranges())
                .isEqualTo(2);
        balanced(
                plan(
                        "1000 rows, 1-row chunks",
                        SortedKeys.of(LongStream.rangeClosed(1, 1000).map(i -> i * 1000)),
                        1),
                1);
    }
}
