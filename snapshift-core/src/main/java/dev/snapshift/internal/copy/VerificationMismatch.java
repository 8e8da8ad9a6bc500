package dev.snapshift.internal.copy;

/**
 * A page differed between source and target after it was copied again: its table fails (the message
 * names the first differing keys). Not a bug: no stack trace.
 */
public final class VerificationMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VerificationMismatch(String message) {
        super(message, null, false, false);
    }
}
