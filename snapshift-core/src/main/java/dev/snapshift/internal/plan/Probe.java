package dev.snapshift.internal.plan;

import java.math.BigInteger;

/**
 * What one probe found in {@code range}: its first keys in key order, at most {@code run} of them
 * ({@code count} keys, from {@code first} to {@code runLast}), and the range's last key {@code
 * last}. Two index seeks and a bounded read of {@code run} index entries, whatever the range's
 * width. Keys are null when the range holds none.
 */
record Probe(
        KeyRange range,
        int run,
        long count,
        BigInteger first,
        BigInteger runLast,
        BigInteger last) {
    Probe {
        if (count < 0
                || count > run
                || (count == 0) != (first == null)
                || (count == 0) != (last == null)) {
            throw new IllegalArgumentException(
                    "inconsistent probe of "
                            + range
                            + ": "
                            + count
                            + " keys of "
                            + run
                            + ", first "
                            + first
                            + ", last "
                            + last);
        }
    }

    boolean empty() {
        return count == 0;
    }

    /** Fewer keys than the run: every key of the range was read, its count is exact. */
    boolean exact() {
        return count < run;
    }

    /** The range tightened to the keys it holds: {@code [first, last]}. */
    KeyRange held() {
        return new KeyRange(first, last);
    }

    /**
     * Keys per key value, measured from the probe point (the range's start) to the run's last key:
     * a gap before the first key counts, so a probe that lands in a gap before a dense cluster does
     * not report the cluster's density.
     */
    double density() {
        return run / runLast.subtract(range.lo()).add(BigInteger.ONE).doubleValue();
    }

    /**
     * Keys per key value within the run, from the first key to the run's last: the density of
     * {@link #held()} where it starts, gaps before the first key left out (those are not part of
     * it).
     */
    double runDensity() {
        return run < 2 ? density() : (run - 1) / runLast.subtract(first).doubleValue();
    }

    /**
     * Rows in the range: counted when exact, else the run plus {@link #restRows} at {@code
     * density}.
     */
    double rows(double density) {
        return exact() ? count : run + restRows(density);
    }

    /**
     * Rows after the run up to the last key, at {@code density}: the last key at least, when there
     * is a rest.
     */
    double restRows(double density) {
        BigInteger rest = last.subtract(runLast);
        return rest.signum() == 0 ? 0 : Math.max(1, density * rest.doubleValue());
    }

    /** The range holds keys up to at least half its width: no large gap at its end. */
    boolean filled() {
        return last.subtract(range.lo()).add(BigInteger.ONE).shiftLeft(1).compareTo(range.width())
                >= 0;
    }

    /**
     * The probe point lies further before the first key than the run spans: the run measured one
     * dense cluster, not the range, and a longer run (or a narrower range) is needed to know the
     * range's density.
     */
    boolean landedBeforeCluster() {
        return first.subtract(range.lo()).compareTo(runLast.subtract(first).add(BigInteger.ONE))
                > 0;
    }
}
