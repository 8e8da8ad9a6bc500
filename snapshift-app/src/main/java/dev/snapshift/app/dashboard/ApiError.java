package dev.snapshift.app.dashboard;

/**
 * A request the dashboard refuses: answered as {@code {"error": {"status": .., "message": ..}}}
 * with that HTTP status.
 */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
