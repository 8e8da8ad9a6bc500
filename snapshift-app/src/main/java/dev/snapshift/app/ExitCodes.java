package dev.snapshift.app;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;

/** The exit code of a finished migration. */
final class ExitCodes {
    private ExitCodes() {
    }

    static int of(MigrationState state) {
        if (state.status() == Status.COMPLETED) {
            return 0;
        }
        return (state.errorCode() == null ? ErrorCode.COPY : state.errorCode()).exitCode();
    }
}
