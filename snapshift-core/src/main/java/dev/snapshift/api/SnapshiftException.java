package dev.snapshift.api;

/** A failure with an error code and a message that says what to do about it. */
public class SnapshiftException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public SnapshiftException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public SnapshiftException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
