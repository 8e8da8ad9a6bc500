package dev.snapshift.internal.plan;

import java.util.List;

/**
 * Reads the probes of one key range and says whether its rows spread evenly enough to cut it by key
 * value. Pure.
 *
 * <p>A probe's run of {@code m} keys measures the density around its probe point with a relative
 * error of about {@code 1/sqrt(m)} (random keys: 13% for 64 keys), so densities within a factor
 * {@value #TOLERANCE} of the pooled one count as equal: random 64-bit ids pass, while sentinels,
 * empty stretches, clusters and density steps do not.
 */
final class DensityCheck {
    /**
     * Largest factor between a probe's density and the pooled density of the range that still
     * counts as even.
     */
    static final double TOLERANCE = 2.0;

    /** Full probes needed for a median density. */
    static final int MEDIAN_OF = 3;

    enum Shape {
        /**
         * Every probe found keys at about the same density: estimate each sub-range from its probe.
         */
        EVEN,
        /**
         * Probes landed in gaps before dense clusters shorter than the runs can see past: read
         * longer runs.
         */
        CLUSTERED,
        /**
         * Empty sub-ranges, gaps at their ends, or densities that differ: look at each sub-range on
         * its own.
         */
        UNEVEN
    }

    private DensityCheck() {}

    static Shape shape(List<Probe> probes) {
        if (probes.stream().anyMatch(Probe::empty)) {
            return Shape.UNEVEN;
        }
        List<Probe> full = probes.stream().filter(p -> !p.exact()).toList();
        if (full.isEmpty()) {
            return Shape.EVEN; // every key was counted
        }
        if (!full.stream().allMatch(Probe::filled)) {
            return Shape.UNEVEN;
        }
        double pooled = pooledDensity(full);
        if (full.stream()
                .allMatch(
                        p ->
                                p.density() <= pooled * TOLERANCE
                                        && p.density() >= pooled / TOLERANCE)) {
            return Shape.EVEN;
        }
        long clustered = full.stream().filter(Probe::landedBeforeCluster).count();
        return clustered * 4 >= full.size() ? Shape.CLUSTERED : Shape.UNEVEN;
    }

    /** Keys read over key values spanned, all full probes together. */
    static double pooledDensity(List<Probe> full) {
        double keys = 0;
        double span = 0;
        for (Probe p : full) {
            keys += p.run();
            span += p.run() / p.density();
        }
        return keys / span;
    }

    /**
     * The median density of the full probes, each measured from its probe point: what a rest of an
     * uneven range is assumed to hold at most when planning does not look closer. A probe that
     * landed just before a dense cluster measures the cluster, and taking that density for the
     * whole rest would plan thousands of empty chunks; the median is not moved by such outliers.
     * Infinite (no bound) with fewer than {@value #MEDIAN_OF} full probes: one probe's gap says
     * nothing about the others (sentinels around dense ids leave a single full probe).
     */
    static double medianDensity(List<Probe> probes) {
        double[] d =
                probes.stream()
                        .filter(p -> !p.empty() && !p.exact())
                        .mapToDouble(Probe::density)
                        .sorted()
                        .toArray();
        if (d.length < MEDIAN_OF) {
            return Double.POSITIVE_INFINITY;
        }
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }
}
