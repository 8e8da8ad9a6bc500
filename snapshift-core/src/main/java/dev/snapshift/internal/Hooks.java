package dev.snapshift.internal;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;

/**
 * The test hooks, called at named checkpoints; a checked failure in a hook fails the step as an
 * internal error.
 */
record Hooks(MigrationHooks hooks) {
    void reached(Checkpoint point, int session) {
        try {
            hooks.reached(point, session);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SnapshiftException(
                    ErrorCode.INTERNAL, "hook at " + point + " failed: " + e, e);
        }
    }
}
