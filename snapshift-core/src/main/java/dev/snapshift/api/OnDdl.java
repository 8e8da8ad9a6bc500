package dev.snapshift.api;

import java.util.Locale;

/**
 * What the online catch-up does with a statement in the source's binary log that changes the schema
 * of a migrated database ({@code --on-ddl}).
 */
public enum OnDdl {
    /**
     * Stop before it, with the statement and its position: nothing after it is applied (default).
     */
    STOP("stop"),
    /** Run it on the target as the source ran it, then go on. */
    APPLY("apply"),
    /** Leave it out and go on: the target keeps its schema (rows must still fit it). */
    IGNORE("ignore");

    private final String cliName;

    OnDdl(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static OnDdl parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (OnDdl o : values()) {
            if (o.cliName.equals(t)) {
                return o;
            }
        }
        throw new SnapshiftException(
                ErrorCode.USAGE, "unknown --on-ddl '" + text + "': use stop, apply or ignore");
    }

    /** The constant of a recorded name (STOP, APPLY...); STOP for an unknown one. */
    public static OnDdl fromName(String name) {
        try {
            return name == null ? STOP : valueOf(name);
        } catch (IllegalArgumentException e) {
            return STOP;
        }
    }
}
