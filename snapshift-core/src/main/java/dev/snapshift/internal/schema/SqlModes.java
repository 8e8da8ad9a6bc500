package dev.snapshift.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Translates an object's sql_mode into one the target accepts. Pure; what the target knows is asked
 * of the target itself (see {@link ObjectCreator}), so any version pair is handled the same way,
 * Azure's included.
 *
 * <p>Which modes go, by the manuals: MySQL 8.0.11 removed {@code NO_AUTO_CREATE_USER} (5.7's
 * default contains it) and the compatibility modes {@code DB2, MSSQL, MYSQL323, MYSQL40, ORACLE,
 * POSTGRESQL, NO_FIELD_OPTIONS, NO_KEY_OPTIONS, NO_TABLE_OPTIONS} (WL#8383) and {@code MAXDB}
 * (WL#9465); setting any of them is error 1231. The compatibility modes only ever mattered as the
 * sets of simple modes they stand for, and 5.7 stores those expanded (ANSI_QUOTES, PIPES_AS_CONCAT,
 * ...), so dropping the removed names keeps the simple modes that still exist. MariaDB-only modes
 * ({@code EMPTY_STRING_IS_NULL}, {@code SIMULTANEOUS_ASSIGNMENT}, {@code TIME_ROUND_FRACTIONAL},
 * ...) are dropped on MySQL likewise. Every translation is recorded in the report: a dropped mode
 * may change how a routine behaves.
 */
public final class SqlModes {
    private SqlModes() {}

    /**
     * @param from the source's sql_mode
     * @param to what the target accepts
     * @param dropped the modes left out, in order
     */
    public record Translation(String from, String to, List<String> dropped) {
        public Translation {
            dropped = List.copyOf(dropped);
        }

        public boolean changed() {
            return !dropped.isEmpty();
        }
    }

    /**
     * The modes of {@code mode} the target knows, in their order; {@code known} is asked once per
     * mode.
     */
    public static Translation translate(String mode, Predicate<String> known) {
        String from = mode == null ? "" : mode;
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String m : from.split(",")) {
            String name = m.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (known.test(name)) {
                kept.add(name);
            } else {
                dropped.add(name);
            }
        }
        return new Translation(from, dropped.isEmpty() ? from : String.join(",", kept), dropped);
    }
}
