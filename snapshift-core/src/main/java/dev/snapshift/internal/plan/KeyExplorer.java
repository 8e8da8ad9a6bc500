package dev.snapshift.internal.plan;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Finds where the keys of a table lie, so that chunk boundaries follow the data and not the key
 * space: a table of 200,000 rows between two sentinel rows at 0 and 9e18 must give 400 chunks of
 * 500 rows, not 100,000 mostly empty ranges with every row in the first. Only index seeks and
 * bounded ordered reads, never a scan of the table.
 *
 * <p>A range is probed at {@value #PROBES} about evenly spaced points (one statement): at each, the
 * first keys from the point (a run of up to m keys) and the sub-range's last key. A run that did
 * not fill counted its sub-range exactly; a full one counted the keys up to its last, and the rest
 * of the sub-range, up to its last key, is what remains unknown. If the runs agree on the density
 * ({@link DensityCheck}), each rest is estimated at its run's density. Otherwise each rest is
 * looked at on its own, tightened to its keys, so that empty stretches vanish and clusters are
 * isolated. When the probes landed in gaps before dense clusters, the range is probed again once
 * with runs of {@value #MAX_RUN} keys, which see past small clusters to the density between them
 * (Snowflake-style ids: a millisecond's ids dense, the next millisecond 2^22 further). A rest
 * looked at on its own starts again with short runs: it is narrower, and its clusters may be too.
 *
 * <p>Each rest to look at carries two estimates. Its run's density over it, which a dense cluster
 * inflates, orders the work: largest first, so an inflated estimate is the first to be looked at
 * closer. The smaller of that and the median density the probes measured from their points, which
 * clusters do not inflate, is what it keeps if it is never looked at: too low when clusters are
 * longer than the runs (fewer, larger chunks: less parallelism), never thousands of empty chunks.
 * How much to look depends on what is at stake: {@value #MIN_QUERIES} statements plus one per chunk
 * the table seems to hold, so a table of two chunks is planned in a few statements whatever its
 * keys look like, and a table of many skewed chunks in up to {@code maxQueries} statements (each
 * probing up to {@value #BATCH} ranges) reading up to {@code readBudget} index entries. A table
 * that is uneven at the first probe and seems to hold at most {@value #SMALL_TABLE} rows has its
 * keys read whole instead: one more statement, exact boundaries. A wrong estimate costs balance
 * between chunks, never a large transaction: ranges are copied in pages.
 */
final class KeyExplorer {
    static final int PROBES = 16;
    static final int FIRST_RUN = 64;
    static final int RUN_GROWTH = 16;
    static final int MAX_RUN = 1024;

    /** Ranges probed in one statement: one round trip for up to 64 probe points. */
    static final int BATCH = 4;

    /** Index entries one table's planning may read: a few milliseconds of a server's time. */
    static final long READ_BUDGET = 262_144;

    /**
     * Statements one table's planning may send: round trips count as much as reads on a distant
     * server.
     */
    static final int MAX_QUERIES = 64;

    /**
     * Statements any table may take, whatever its size: enough to find sentinels and isolate a few
     * clusters.
     */
    static final int MIN_QUERIES = 8;

    /**
     * Rows of a table small enough to read all its keys (about 1 MB) rather than probe an uneven
     * layout.
     */
    static final int SMALL_TABLE = 65_536;

    private final long readBudget;
    private final int maxQueries;

    KeyExplorer() {
        this(READ_BUDGET, MAX_QUERIES);
    }

    KeyExplorer(long readBudget, int maxQueries) {
        if (readBudget < (long) PROBES * FIRST_RUN || maxQueries < 1) {
            throw new IllegalArgumentException(
                    "a table's planning needs at least one probe: "
                            + readBudget
                            + " keys, "
                            + maxQueries
                            + " queries");
        }
        this.readBudget = readBudget;
        this.maxQueries = maxQueries;
    }

    /**
     * The pieces of {@code bounds}, in key order; {@code queries} statements read {@code keysRead}
     * index entries.
     */
    record Result(List<Piece> pieces, int queries, long keysRead) {
        double rows() {
            return pieces.stream().mapToDouble(Piece::rows).sum();
        }
    }

    /**
     * A range still to look at: {@code priority} orders the work (its largest plausible row count),
     * {@code fallback} is what it is assumed to hold if it is never looked at.
     */
    private record Pending(KeyRange range, int run, double priority, double fallback) {}

    /** One table's exploration: what is known, what is pending, what was spent. */
    private final class Walk {
        final PriorityQueue<Pending> queue =
                new PriorityQueue<>(Comparator.comparingDouble(Pending::priority).reversed());
        final List<Piece> pieces = new ArrayList<>();
        final int chunkRows;
        int statements;
        long read;

        /**
         * Rows of the pieces plus the fallbacks of the pending ranges: what the table seems to
         * hold.
         */
        double rows;

        Walk(int chunkRows) {
            this.chunkRows = chunkRows;
        }

        void add(Piece p) {
            pieces.add(p);
            rows += p.rows();
        }

        void add(Pending p) {
            queue.add(p);
            rows += p.fallback;
        }

        Pending poll() {
            Pending p = queue.poll();
            if (p != null) {
                rows -= p.fallback;
            }
            return p;
        }

        /**
         * Another statement probing {@code ranges} ranges with runs of {@code run} keys stays
         * within the budget.
         */
        boolean affordable(int ranges, int run) {
            double allowed =
                    Math.min(maxQueries, MIN_QUERIES + Math.ceil(Math.max(0, rows) / chunkRows));
            return statements < allowed && read + (long) PROBES * run * ranges <= readBudget;
        }
    }

    Result explore(KeyIndex index, KeyRange bounds, int chunkRows) throws SQLException {
        Walk w = new Walk(chunkRows);
        w.add(new Pending(bounds, FIRST_RUN, Double.MAX_VALUE, 0));
        return walk(index, bounds, w, true);
    }

    /**
     * Probes what is pending, largest first, within the budget. After the first statement, a table
     * that is uneven and seems to hold at most {@value #SMALL_TABLE} rows has all its keys read
     * instead ({@code mayReadAll}): one statement, exact boundaries, where looking closer range by
     * range could take dozens.
     */
    private Result walk(KeyIndex index, KeyRange bounds, Walk w, boolean mayReadAll)
            throws SQLException {
        for (Pending s = w.poll(); s != null; s = w.poll()) {
            if (!w.affordable(1, s.run)) {
                w.add(
                        new Piece(
                                s.range,
                                s.fallback,
                                false)); // never looked at: it keeps its estimate
                continue;
            }
            List<Pending> batch = new ArrayList<>(List.of(s));
            while (batch.size() < BATCH
                    && w.queue.peek() != null
                    && w.queue.peek().run == s.run
                    && w.affordable(batch.size() + 1, s.run)) {
                batch.add(w.poll());
            }
            List<KeyRange> ranges = new ArrayList<>();
            int[] parts = new int[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                List<KeyRange> split = batch.get(i).range.probeSplit(PROBES);
                parts[i] = split.size();
                ranges.addAll(split);
            }
            List<Probe> probes = index.probe(ranges, s.run);
            w.statements++;
            w.read += probes.stream().mapToLong(Probe::count).sum();
            boolean even = true;
            for (int i = 0, at = 0; i < batch.size(); at += parts[i], i++) {
                even &=
                        look(batch.get(i), probes.subList(at, at + parts[i]), w)
                                == DensityCheck.Shape.EVEN;
            }
            if (mayReadAll
                    && !even
                    && w.rows <= SMALL_TABLE
                    && w.statements < maxQueries
                    && w.read + SMALL_TABLE + 1 <= readBudget) {
                return readAll(index, bounds, w);
            }
            mayReadAll = false;
        }
        w.pieces.sort(Comparator.comparing(p -> p.range().lo()));
        return new Result(w.pieces, w.statements, w.read);
    }

    /**
     * Reads the first {@value #SMALL_TABLE} keys: all of a small table, else exact pieces and a
     * rest to explore.
     */
    private Result readAll(KeyIndex index, KeyRange bounds, Walk before) throws SQLException {
        List<BigInteger> keys = index.keys(bounds, SMALL_TABLE + 1);
        Walk w = new Walk(before.chunkRows);
        w.statements = before.statements + 1;
        w.read = before.read + keys.size();
        int known = Math.min(keys.size(), SMALL_TABLE);
        for (BigInteger k : keys.subList(0, known)) {
            w.add(new Piece(new KeyRange(k, k), 1, true));
        }
        if (keys.size() > SMALL_TABLE) {
            KeyRange rest = new KeyRange(keys.get(known - 1).add(BigInteger.ONE), bounds.hi());
            w.add(new Pending(rest, FIRST_RUN, Double.MAX_VALUE, 0));
        }
        return walk(index, bounds, w, false);
    }

    /**
     * What the probes of one range say: pieces that are known, ranges to look at closer, or longer
     * runs needed. Returns the shape the probes showed.
     */
    private static DensityCheck.Shape look(Pending s, List<Probe> probes, Walk w) {
        DensityCheck.Shape shape = DensityCheck.shape(probes);
        double median = DensityCheck.medianDensity(probes);
        if (shape == DensityCheck.Shape.CLUSTERED
                && s.run * RUN_GROWTH <= MAX_RUN
                && w.affordable(1, s.run * RUN_GROWTH)) {
            double seen =
                    probes.stream()
                            .filter(p -> !p.empty())
                            .mapToDouble(p -> p.rows(Math.min(p.density(), median)))
                            .sum();
            w.add(new Pending(s.range, s.run * RUN_GROWTH, s.priority, seen));
            return shape;
        }
        for (Probe p : probes) {
            if (p.empty()) {
                continue;
            }
            if (p.exact()) {
                w.add(new Piece(p.held(), p.count(), true));
                continue;
            }
            w.add(new Piece(new KeyRange(p.first(), p.runLast()), p.run(), true));
            if (p.last().equals(p.runLast())) {
                continue;
            }
            KeyRange rest = new KeyRange(p.runLast().add(BigInteger.ONE), p.last());
            if (shape == DensityCheck.Shape.EVEN) {
                w.add(new Piece(rest, p.restRows(p.density()), false));
            } else {
                // the gap before the first key is not part of the rest: its run's density is the
                // optimistic guess
                w.add(
                        new Pending(
                                rest,
                                FIRST_RUN,
                                p.restRows(p.runDensity()),
                                p.restRows(Math.min(p.runDensity(), median))));
            }
        }
        return shape;
    }
}
