package dev.snapshift.api;

import java.time.Duration;

/**
 * How far a {@code verify} run is, for the terminal: chunks and rows compared so far.
 *
 * @param phase what it does now (e.g. "schema", "snapshot", "compare", "re-check")
 * @param rowsEstimated the source's estimate of the rows to compare
 * @param rowsCompared source rows compared so far
 * @param differingChunks chunks whose digests differed so far (before any re-check)
 * @param eta time left at the rate so far; null while unknown
 */
public record VerifyProgress(
        String phase,
        int tables,
        int chunksTotal,
        int chunksDone,
        long rowsEstimated,
        long rowsCompared,
        int differingChunks,
        Duration elapsed,
        Duration eta) {

    /** Percent of rows compared (by the estimate; 100 once every chunk is done). */
    public double percent() {
        if (chunksTotal > 0 && chunksDone >= chunksTotal) {
            return 100.0;
        }
        if (rowsEstimated <= 0) {
            return chunksTotal == 0 ? 0.0 : 100.0 * chunksDone / chunksTotal;
        }
        return Math.min(99.9, 100.0 * rowsCompared / rowsEstimated);
    }
}
