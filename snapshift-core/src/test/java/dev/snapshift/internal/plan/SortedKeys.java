package dev.snapshift.internal.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A table's keys in memory, answering planning's reads as {@link SqlKeyIndex} does on a server (the
 * integration test checks that one), so that the planning of many key shapes can be tested in
 * milliseconds. Counts what it was asked.
 */
final class SortedKeys implements KeyIndex {
    private final BigInteger[] keys;
    int queries;
    long read;

    SortedKeys(Stream<BigInteger> keys) {
        this(keys.sorted().toArray(BigInteger[]::new));
    }

    private SortedKeys(BigInteger[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || !sorted[i].equals(sorted[n - 1])) {
                sorted[n++] = sorted[i];
            }
        }
        this.keys = Arrays.copyOf(sorted, n);
    }

    static SortedKeys of(LongStream keys) {
        return new SortedKeys(
                keys.sorted().distinct().mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new));
    }

    int size() {
        return keys.length;
    }

    @Override
    public KeyRange bounds() {
        return keys.length == 0 ? null : new KeyRange(keys[0], keys[keys.length - 1]);
    }

    @Override
    public List<Probe> probe(List<KeyRange> ranges, int run) {
        queries++;
        List<Probe> out = new ArrayList<>();
        for (KeyRange r : ranges) {
            int from = firstAtLeast(r.lo());
            int to = firstAtLeast(r.hi().add(BigInteger.ONE));
            int count = Math.min(run, to - from);
            read += count;
            out.add(
                    count == 0
                            ? new Probe(r, run, 0, null, null, null)
                            : new Probe(
                                    r,
                                    run,
                                    count,
                                    keys[from],
                                    keys[from + count - 1],
                                    keys[to - 1]));
        }
        return out;
    }

    @Override
    public List<BigInteger> keys(KeyRange range, int limit) {
        queries++;
        int from = firstAtLeast(range.lo());
        int to = Math.min(firstAtLeast(range.hi().add(BigInteger.ONE)), from + limit);
        read += to - from;
        return Arrays.asList(keys).subList(from, to);
    }

    /** Keys in the range: the truth a plan is measured against. */
    int count(KeyRange r) {
        return firstAtLeast(r.hi().add(BigInteger.ONE)) - firstAtLeast(r.lo());
    }

    private int firstAtLeast(BigInteger k) {
        int i = Arrays.binarySearch(keys, k);
        return i >= 0 ? i : -i - 1;
    }
}
