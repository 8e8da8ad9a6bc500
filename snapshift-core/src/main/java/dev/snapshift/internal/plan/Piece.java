package dev.snapshift.internal.plan;

/**
 * A stretch of the key space and how many rows it holds, as far as planning knows: counted ({@code
 * exact}) or estimated. Planning assumes the rows of a piece spread evenly over its range; pieces
 * are what the cuts follow.
 */
record Piece(KeyRange range, double rows, boolean exact) {
    Piece {
        if (!(rows >= 0) || Double.isInfinite(rows)) {
            throw new IllegalArgumentException(
                    "rows of " + range + " must be finite and not negative: " + rows);
        }
    }
}
