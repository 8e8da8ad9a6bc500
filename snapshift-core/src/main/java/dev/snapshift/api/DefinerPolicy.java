package dev.snapshift.api;

import java.util.Locale;

/** How views, routines, triggers and events get their DEFINER on the target. */
public enum DefinerPolicy {
    /**
     * The source's definer where the target account may set it (SET_USER_ID / SUPER), else the
     * loading account.
     */
    AUTO,
    /** The source's definer always; refused in preflight when the target account may not set it. */
    KEEP,
    /** The loading account becomes the definer of every object. */
    CURRENT_USER,
    /**
     * The loading account becomes the definer, and views and routines whose definer differed run
     * with the caller's rights ({@code SQL SECURITY INVOKER}), not the loading account's.
     */
    STRIP;

    public static DefinerPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--definers must be keep, current-user, strip or auto, was '" + text + "'");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
