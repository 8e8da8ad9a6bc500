package dev.snapshift.internal.snapshot;

/** A lock that blocks writers on the source while the snapshots start. Released on close; measures itself. */
public interface SourceLock extends AutoCloseable {
    long waitMillis();

    /** How long writers were blocked; known once closed. */
    long heldMillis();

    @Override
    void close();
}
