package dev.snapshift.api;

/**
 * Named points of the snapshot protocol and the copy, in the order they happen. Tests hook them to
 * inject faults.
 */
public enum Checkpoint {
    /**
     * The catalog and the preflight checks are about to be read on a plain source connection.
     * {@code session} is -1.
     */
    PREFLIGHT_READING,
    /** Source session {@code session} is open and prepared, before any lock. */
    SESSION_OPENED,
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
    /** The schema is about to be read inside the snapshot on session {@code session}. */
    SCHEMA_READING,
    /** A table is about to be planned (sampled, cut into chunks) on session {@code session}. */
    PLANNING,
    /** Session {@code session} committed a chunk on the target. */
    CHUNK_COMMITTED,
    /**
     * Every session of the point in time was lost and its snapshot closed: a resume (or a restart
     * from zero) is about to be decided ({@code session}: the attempt, from 0).
     */
    POINT_IN_TIME_LOST,
    /**
     * Online catch-up: a group of {@code session} source transactions was written on the target,
     * its position too, and is about to commit.
     */
    CATCHUP_BEFORE_COMMIT,
    /** Online catch-up: a group of {@code session} source transactions committed on the target. */
    CATCHUP_COMMITTED
}
