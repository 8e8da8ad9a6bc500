package dev.snapshift.api;

import java.util.Objects;

/**
 * One preflight finding: what was checked, how it went, and for a WARN or FAIL what to do about it.
 *
 * @param name short name of the check, e.g. {@code log_bin}, {@code consistency}
 * @param level OK, WARN or FAIL
 * @param detail what was found
 * @param fix what to do about it; null for OK, never null for WARN and FAIL
 */
public record PreflightCheck(String name, Level level, String detail, String fix) {

    /** How a check went. FAIL stops a migration before anything locks. */
    public enum Level {
        OK,
        WARN,
        FAIL
    }

    public PreflightCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(detail, "detail");
        if (level == Level.OK) {
            fix = null;
        } else if (fix == null || fix.isBlank()) {
            throw new IllegalArgumentException(level + " check '" + name + "' needs a fix");
        }
    }

    public static PreflightCheck ok(String name, String detail) {
        return new PreflightCheck(name, Level.OK, detail, null);
    }

    public static PreflightCheck warn(String name, String detail, String fix) {
        return new PreflightCheck(name, Level.WARN, detail, fix);
    }

    public static PreflightCheck fail(String name, String detail, String fix) {
        return new PreflightCheck(name, Level.FAIL, detail, fix);
    }
}
