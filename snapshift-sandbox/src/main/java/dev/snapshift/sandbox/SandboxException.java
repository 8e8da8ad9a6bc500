package dev.snapshift.sandbox;

/** A sandbox server could not be provisioned, started or stopped. The message says what to do. */
public class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
