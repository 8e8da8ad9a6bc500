package dev.snapshift.api;

/** Named points of the snapshot protocol and the copy, in the order they happen. Tests hook them to inject faults. */
public enum Checkpoint {
    /** Every source session is open, before any lock. {@code session} is -1. */
    SESSIONS_OPENED,
    /** The global read lock is held. */
    LOCK_ACQUIRED,
    /** Binlog coordinates were read (under the lock). */
    COORDINATES_READ,
    /** Session {@code session} started its consistent snapshot (under the lock). */
    SNAPSHOT_STARTED,
    /** Every snapshot started; the lock is about to be released. */
    BEFORE_UNLOCK,
    /** The lock was released; writes flow again. */
    UNLOCKED,
    /** Session {@code session} committed a chunk on the target. */
    CHUNK_COMMITTED
}
