package dev.snapshift.api;

import java.util.Objects;

/**
 * {@code migrate --online}: after the consistent copy, snapshift reads the source's binary log from
 * the snapshot's coordinates and applies the row changes of the migrated tables to the target until
 * cutover.
 *
 * @param onDdl what a schema change of a migrated database in the binary log does
 */
public record OnlineOptions(OnDdl onDdl) {
    public OnlineOptions {
        Objects.requireNonNull(onDdl, "onDdl");
    }

    /** Online, stopping at the first schema change. */
    public static OnlineOptions defaults() {
        return new OnlineOptions(OnDdl.STOP);
    }
}
