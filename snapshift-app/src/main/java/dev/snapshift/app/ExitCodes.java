package dev.snapshift.app;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;

/**
 * The exit code of a finished migration ({@link ErrorCode} maps each failure to its code). A run
 * stopped by a signal ends through the shutdown hook of {@link MigrationRun}, cleanly, and the JVM
 * then exits with 128 + the signal: 130 for Ctrl-C (SIGINT, the same as {@link
 * ErrorCode#INTERRUPTED}), 143 for SIGTERM, as the README and --help say.
 */
final class ExitCodes {
    private ExitCodes() {}

    static int of(MigrationState state) {
        if (state.status() == Status.COMPLETED) {
            return 0;
        }
        return (state.errorCode() == null ? ErrorCode.COPY : state.errorCode()).exitCode();
    }
}
