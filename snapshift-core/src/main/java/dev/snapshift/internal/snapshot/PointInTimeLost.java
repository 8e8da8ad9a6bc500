package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;

/**
 * Every session of the snapshot is gone while chunks remain: the point in time cannot be read any
 * more. The runner restarts from a new snapshot (or gives up after the allowed restarts).
 */
public final class PointInTimeLost extends SnapshiftException {
    private static final long serialVersionUID = 1L;

    public PointInTimeLost(String message) {
        super(ErrorCode.SNAPSHOT, message);
    }
}
