package dev.snapshift.internal.plan;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Finds where the keys of a table lie, so that chunk boundaries follow the data and not the key space: a table of
 * 200,000 rows between two sentinel rows at 0 and 9e18 must give 400 chunks of 500 rows, not 100,000 mostly empty
 * ranges with every row in the first. Only index seeks and bounded ordered reads, never a scan of the table.
 *
 * <p>A range is probed at {@value #PROBES} about evenly spaced points (one statement): at each, the first keys from the
 * point (a run of up to m keys) and the sub-range's last key. A run that did not fill counted its sub-range exactly;
 * a full one counted the keys up to its last, and the rest of the sub-range, up to its last key, is what remains
 * unknown. If the runs agree on the density ({@link DensityCheck}), each rest is estimated at its run's density.
 * Otherwise each rest is looked at on its own, tightened to its keys, so that empty stretches vanish and clusters
 * are isolated. When the probes landed in gaps
 * before dense clusters, the range is probed again once with runs of {@value #MAX_RUN} keys, which see past clusters
 * to the density between them (Snowflake-style ids: a millisecond's ids dense, the next millisecond 2^22 further).
 * A sub-range looked at on its own starts again with short runs: it is narrower, and its clusters may be too.
 *
 * <p>Bounded: at most {@code maxQueries} statements (each probing up to {@value #BATCH} ranges) and {@code readBudget}
 * index entries per table, largest estimates first, so an estimate inflated by a dense run is the first to be looked
 * at closer. What the budget leaves keeps
 * its estimate. A wrong estimate costs balance between chunks, never a large transaction: ranges are copied in
 * pages.
 */
final class KeyExplorer {
    static final int PROBES = 16;
    static final int FIRST_RUN = 64;
    static final int RUN_GROWTH = 4;
    static final int MAX_RUN = 256;
    /** Ranges probed in one statement: one round trip for up to 64 probe points. */
    static final int BATCH = 4;
    /** Index entries one table's planning may read: a few milliseconds of a server's time. */
    static final long READ_BUDGET = 131_072;
    /** Statements one table's planning may send: round trips count as much as reads on a distant server. */
    static final int MAX_QUERIES = 64;

    private final long readBudget;
    private final int maxQueries;

    KeyExplorer() {
        this(READ_BUDGET, MAX_QUERIES);
    }

    KeyExplorer(long readBudget, int maxQueries) {
        if (readBudget < (long) PROBES * FIRST_RUN || maxQueries < 1) {
            throw new IllegalArgumentException("a table's planning needs at least one probe: " + readBudget + " keys, "
                    + maxQueries + " queries");
        }
        this.readBudget = readBudget;
        this.maxQueries = maxQueries;
    }

    /** The pieces of {@code bounds}, in key order; {@code queries} statements read {@code keysRead} index entries. */
    record Result(List<Piece> pieces, int queries, long keysRead) {
        double rows() {
            return pieces.stream().mapToDouble(Piece::rows).sum();
        }
    }

    /**
     * A range still to look at: {@code priority} orders the work (its largest plausible row count), {@code fallback}
     * is what it is assumed to hold if the budget ends first.
     */
    private record Pending(KeyRange range, int run, double priority, double fallback) {
    }

    Result explore(KeyIndex index, KeyRange bounds) throws SQLException {
        PriorityQueue<Pending> queue = new PriorityQueue<>(Comparator.comparingDouble(Pending::priority).reversed());
        queue.add(new Pending(bounds, FIRST_RUN, Double.MAX_VALUE, Double.NaN));
        List<Piece> pieces = new ArrayList<>();
        int statements = 0;
        long read = 0;
        for (Pending s = queue.poll(); s != null; s = queue.poll()) {
            if (statements > 0 && !affordable(statements, read, s.run)) {
                pieces.add(new Piece(s.range, s.fallback, false)); // the budget is spent: it keeps its estimate
                continue;
            }
            List<Pending> batch = new ArrayList<>(List.of(s));
            while (batch.size() < BATCH && queue.peek() != null && queue.peek().run == s.run
                    && read + (long) PROBES * s.run * (batch.size() + 1) <= readBudget) {
                batch.add(queue.poll());
            }
            List<KeyRange> ranges = new ArrayList<>();
            int[] parts = new int[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                List<KeyRange> split = batch.get(i).range.probeSplit(PROBES);
                parts[i] = split.size();
                ranges.addAll(split);
            }
            List<Probe> probes = index.probe(ranges, s.run);
            statements++;
            read += probes.stream().mapToLong(Probe::count).sum();
            for (int i = 0, at = 0; i < batch.size(); at += parts[i], i++) {
                look(batch.get(i), probes.subList(at, at + parts[i]), statements, read, queue, pieces);
            }
        }
        pieces.sort(Comparator.comparing(p -> p.range().lo()));
        return new Result(pieces, statements, read);
    }

    /** What the probes of one range say: pieces that are known, ranges to look at closer, or longer runs needed. */
    private void look(Pending s, List<Probe> probes, int statements, long read, PriorityQueue<Pending> queue,
                      List<Piece> pieces) {
        DensityCheck.Shape shape = DensityCheck.shape(probes);
        if (shape == DensityCheck.Shape.CLUSTERED && s.run * RUN_GROWTH <= MAX_RUN
                && affordable(statements, read, s.run * RUN_GROWTH)) {
            double seen = probes.stream().filter(p -> !p.empty()).mapToDouble(p -> p.rows(p.density())).sum();
            queue.add(new Pending(s.range, s.run * RUN_GROWTH, s.priority, seen));
            return;
        }
        for (Probe p : probes) {
            if (p.empty()) {
                continue;
            }
            if (p.exact()) {
                pieces.add(new Piece(p.held(), p.count(), true));
                continue;
            }
            pieces.add(new Piece(new KeyRange(p.first(), p.runLast()), p.run(), true));
            if (p.last().equals(p.runLast())) {
                continue;
            }
            KeyRange rest = new KeyRange(p.runLast().add(BigInteger.ONE), p.last());
            if (shape == DensityCheck.Shape.EVEN) {
                pieces.add(new Piece(rest, p.restRows(p.density()), false));
            } else {
                double rows = p.restRows(p.runDensity()); // the gap before the first key is not part of the rest
                queue.add(new Pending(rest, FIRST_RUN, rows, rows));
            }
        }
    }

    private boolean affordable(int queries, long read, int run) {
        return queries < maxQueries && read + (long) PROBES * run <= readBudget;
    }
}
