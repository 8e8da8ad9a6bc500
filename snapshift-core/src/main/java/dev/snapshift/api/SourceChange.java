package dev.snapshift.api;

import java.time.Instant;

/**
 * A server setting snapshift changed on the source (only the read-only switch does), recorded
 * durably before the change, so that {@code status} can say what a killed run left behind and
 * {@code migrate --restore-source} can undo it.
 *
 * @param setting the global variable, e.g. {@code read_only}
 * @param original its value before the run (ON / OFF)
 * @param applied the value the run set
 * @param at when the change was recorded (just before it was made)
 * @param restored the original value was put back
 */
public record SourceChange(
        String setting, String original, String applied, Instant at, boolean restored) {

    public SourceChange asRestored() {
        return new SourceChange(setting, original, applied, at, true);
    }

    /** The statement that puts the original value back. */
    public String restoreStatement() {
        return "SET GLOBAL " + setting + " = " + original;
    }
}
