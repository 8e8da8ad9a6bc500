package dev.snapshift.internal.plan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a key range into consecutive ranges of about equal rows, following the pieces planning
 * found: the rows of the pieces, each spread evenly over its own range, are cut at equal quantiles.
 * Gaps between pieces hold nothing and fall into a neighbouring range, so the ranges cover the
 * whole key range: a row the estimate missed is still copied. Pure.
 */
final class RangeCutter {
    private RangeCutter() {}

    /**
     * @param pieces in key order, not overlapping, inside {@code bounds}
     * @param chunkRows rows a range should hold at most, as far as the estimate goes
     * @param maxRanges ranges at most, whatever the estimate
     */
    static List<KeyRange> cut(List<Piece> pieces, KeyRange bounds, int chunkRows, int maxRanges) {
        double total = pieces.stream().mapToDouble(Piece::rows).sum();
        long wanted = (long) Math.min(maxRanges, Math.max(1, Math.ceil(total / chunkRows)));
        double perRange = total / wanted;
        List<KeyRange> out = new ArrayList<>();
        BigInteger start = bounds.lo();
        double before = 0; // rows of the pieces left behind
        long cut = 1; // the next cut falls at rank cut * perRange
        for (Piece p : pieces) {
            while (cut < wanted && cut * perRange < before + p.rows()) {
                double into = (cut * perRange - before) / p.rows();
                BigInteger at =
                        p.range().lo().add(fraction(p.range().width(), into)).min(p.range().hi());
                if (at.compareTo(start) > 0) {
                    out.add(new KeyRange(start, at.subtract(BigInteger.ONE)));
                    start = at;
                }
                cut++;
            }
            before += p.rows();
        }
        out.add(new KeyRange(start, bounds.hi()));
        return out;
    }

    /** floor(width * f) for 0 <= f < 1, without losing the low digits of a 64-bit width. */
    static BigInteger fraction(BigInteger width, double f) {
        return new BigDecimal(width).multiply(BigDecimal.valueOf(f)).toBigInteger();
    }
}
