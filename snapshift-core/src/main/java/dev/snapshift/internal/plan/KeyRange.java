package dev.snapshift.internal.plan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An inclusive range of integer key values. BigInteger throughout: BIGINT UNSIGNED reaches
 * 18446744073709551615 and a signed BIGINT -9223372036854775808, and a width or a midpoint of such
 * bounds overflows a long.
 */
record KeyRange(BigInteger lo, BigInteger hi) {
    KeyRange {
        Objects.requireNonNull(lo, "lo");
        Objects.requireNonNull(hi, "hi");
        if (lo.compareTo(hi) > 0) {
            throw new IllegalArgumentException("empty key range [" + lo + ".." + hi + "]");
        }
    }

    static KeyRange of(long lo, long hi) {
        return new KeyRange(BigInteger.valueOf(lo), BigInteger.valueOf(hi));
    }

    /** Key values in the range: {@code hi - lo + 1}, at least 1. */
    BigInteger width() {
        return hi.subtract(lo).add(BigInteger.ONE);
    }

    /**
     * {@code min(parts, width)} consecutive ranges of equal width (within one), covering this range
     * exactly: the first starts at {@code lo}, the last ends at {@code hi}.
     */
    List<KeyRange> split(int parts) {
        return split(parts, false);
    }

    /**
     * Like {@link #split(int)}, but each inner boundary is moved by up to a quarter of the width of
     * a part, in the irregular pattern of the golden-ratio sequence, so that the parts' starts (a
     * probe's points) never fall in step with a periodic key layout: with 17 tenants at multiples
     * of 10^9, even probe points all land at the same place in a tenant and see the tenants as one
     * dense range.
     */
    List<KeyRange> probeSplit(int parts) {
        return split(parts, true);
    }

    /** The shift of inner boundary {@code j}, in widths of a part: in [-1/4, 1/4). */
    static double shift(int j) {
        double golden = 0.6180339887498949;
        double u = j * golden - Math.floor(j * golden);
        return (u - 0.5) / 2;
    }

    private List<KeyRange> split(int parts, boolean shifted) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1: " + parts);
        }
        BigInteger width = width();
        int n = width.compareTo(BigInteger.valueOf(parts)) < 0 ? width.intValueExact() : parts;
        boolean shift =
                shifted
                        && width.compareTo(BigInteger.valueOf(4L * n))
                                >= 0; // parts of 4 or more keys
        BigInteger count = BigInteger.valueOf(n);
        List<KeyRange> out = new ArrayList<>(n);
        BigInteger start = lo;
        for (int j = 1; j <= n; j++) {
            BigInteger offset =
                    j == n || !shift
                            ? width.multiply(BigInteger.valueOf(j)).divide(count)
                            : new BigDecimal(width)
                                    .multiply(BigDecimal.valueOf((j + shift(j)) / n))
                                    .toBigInteger();
            BigInteger end = lo.add(offset).subtract(BigInteger.ONE);
            out.add(new KeyRange(start, end));
            start = end.add(BigInteger.ONE);
        }
        return out;
    }

    @Override
    public String toString() {
        return "[" + lo + ".." + hi + "]";
    }
}
