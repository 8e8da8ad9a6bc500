package dev.snapshift.api;

/**
 * Called synchronously at each {@link Checkpoint}. Meant for tests (fault injection, protocol-order
 * checks); an exception thrown here fails the step it was called from.
 */
@FunctionalInterface
public interface MigrationHooks {
    MigrationHooks NONE = (point, session) -> {};

    void reached(Checkpoint point, int session) throws Exception;
}
