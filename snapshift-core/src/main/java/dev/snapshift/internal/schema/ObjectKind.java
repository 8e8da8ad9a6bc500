package dev.snapshift.internal.schema;

import java.util.Locale;

/**
 * The kinds of schema object created after the data is in, in the order their stages run: routines
 * first (a view may call a function; a routine's body is not resolved when it is created), then
 * views (which read tables, other views and functions), then triggers (which need their tables, and
 * must not fire during the load), then events.
 */
public enum ObjectKind {
    FUNCTION("FUNCTION", 0),
    PROCEDURE("PROCEDURE", 0),
    /** MariaDB (sql_mode=ORACLE): a package specification, created before its body. */
    PACKAGE("PACKAGE", 0),
    PACKAGE_BODY("PACKAGE BODY", 0),
    VIEW("VIEW", 1),
    TRIGGER("TRIGGER", 2),
    EVENT("EVENT", 3);

    private final String keyword;
    private final int stage;

    ObjectKind(String keyword, int stage) {
        this.keyword = keyword;
        this.stage = stage;
    }

    /** As SQL names it: {@code SHOW CREATE <keyword>}, {@code DROP <keyword>}. */
    public String keyword() {
        return keyword;
    }

    /** Objects of a lower stage are created first. */
    public int stage() {
        return stage;
    }

    /** For messages: {@code function}, {@code package body}. */
    public String label() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the object carries its own sql_mode (a view keeps none: its text is stored
     * normalized).
     */
    public boolean hasSqlMode() {
        return this != VIEW;
    }

    /** information_schema.ROUTINES.ROUTINE_TYPE to a kind. */
    public static ObjectKind ofRoutineType(String routineType) {
        return switch (routineType.toUpperCase(Locale.ROOT)) {
            case "FUNCTION" -> FUNCTION;
            case "PROCEDURE" -> PROCEDURE;
            case "PACKAGE" -> PACKAGE;
            case "PACKAGE BODY" -> PACKAGE_BODY;
            default -> throw new IllegalArgumentException("unknown routine type " + routineType);
        };
    }
}
