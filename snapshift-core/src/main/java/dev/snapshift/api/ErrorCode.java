package dev.snapshift.api;

/**
 * Why a migration stopped. Each code maps to exactly one process exit code; this enum is the only
 * place where that mapping lives.
 */
public enum ErrorCode {
    /** Bad command line or configuration. */
    USAGE(2),
    /** A server could not be reached, or refused the credentials. */
    CONNECTION(3),
    /**
     * A check before any data moved refused to go on (unknown database, non-empty target, missing
     * privilege).
     */
    PREFLIGHT(4),
    /** One or more tables could not be copied. */
    COPY(5),
    /**
     * {@code verify} found differences between source and target (rows, schema, or a database or
     * table on one side only).
     */
    DIFFERENCES(5),
    /** The point in time could not be taken (lock wait timed out, snapshot could not start). */
    SNAPSHOT(6),
    /**
     * The online catch-up stopped: a schema change with --on-ddl stop, a binary log it cannot read
     * or apply, or a cutover that failed.
     */
    CATCHUP(7),
    /** Interrupted by the user (Ctrl-C, SIGTERM). */
    INTERRUPTED(130),
    /** A bug: anything not classified above. */
    INTERNAL(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
