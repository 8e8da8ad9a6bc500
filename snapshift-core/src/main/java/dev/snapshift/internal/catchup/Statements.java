package dev.snapshift.internal.catchup;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a statement of a QUERY event in a row-based binary log is: transaction control, something
 * that changes no table data (accounts, maintenance, temporary tables), a trigger or event (those
 * are created at cutover from the source's definitions), or a change of the schema (everything
 * else: DDL, and statement-logged DML, which the catch-up cannot apply as rows). Pure; unit-tested.
 */
final class Statements {
    private Statements() {}

    enum Kind {
        BEGIN,
        COMMIT,
        ROLLBACK,
        /** SAVEPOINT, ROLLBACK TO, RELEASE SAVEPOINT: inside a transaction, nothing to apply. */
        SAVEPOINT,
        /** XA START / END / PREPARE / COMMIT / ROLLBACK. */
        XA,
        /** Changes no migrated table: accounts, FLUSH, ANALYZE, temporary tables. */
        IGNORABLE,
        /** CREATE / DROP TRIGGER, CREATE / ALTER / DROP EVENT: synchronised at cutover. */
        TRIGGER_OR_EVENT,
        /** Anything else: a schema change (or a statement-logged change) of the database. */
        CHANGE
    }

    private static final Pattern TRIGGER_OR_EVENT =
            Pattern.compile(
                    "^(CREATE|ALTER)\\s+(OR\\s+REPLACE\\s+)?(DEFINER\\s*=\\s*\\S+\\s+)?(TRIGGER|EVENT)\\b.*"
                            + "|^DROP\\s+(TRIGGER|EVENT)\\b.*",
                    Pattern.DOTALL);

    private static final String[] IGNORABLE = {
        "GRANT ",
        "REVOKE ",
        "CREATE USER",
        "DROP USER",
        "ALTER USER",
        "RENAME USER",
        "SET PASSWORD",
        "CREATE ROLE",
        "DROP ROLE",
        "SET DEFAULT ROLE",
        "FLUSH",
        "ANALYZE ",
        "OPTIMIZE ",
        "REPAIR ",
        "CHECK ",
        "CREATE TEMPORARY ",
        "DROP TEMPORARY ",
        "INSTALL ",
        "UNINSTALL ",
        "SET GLOBAL ",
        "SET PERSIST"
    };

    static Kind classify(String sql) {
        String s = normalized(sql);
        if (s.equals("BEGIN") || s.startsWith("START TRANSACTION")) {
            return Kind.BEGIN;
        }
        if (s.equals("COMMIT") || s.startsWith("COMMIT ")) {
            return Kind.COMMIT;
        }
        if (s.startsWith("SAVEPOINT ")
                || s.startsWith("RELEASE SAVEPOINT")
                || s.matches("^ROLLBACK\\s+(WORK\\s+)?TO\\b.*")) {
            return Kind.SAVEPOINT;
        }
        if (s.equals("ROLLBACK") || s.startsWith("ROLLBACK ")) {
            return Kind.ROLLBACK;
        }
        if (s.startsWith("XA ")) {
            return Kind.XA;
        }
        for (String prefix : IGNORABLE) {
            if (s.startsWith(prefix)) {
                return Kind.IGNORABLE;
            }
        }
        if (TRIGGER_OR_EVENT.matcher(s).matches()) {
            return Kind.TRIGGER_OR_EVENT;
        }
        return Kind.CHANGE;
    }

    /**
     * Whether a statement may change one of {@code databases}: its default database is one, the
     * server logged one among those it changed, or its text names one ({@code `db`.}, {@code db.},
     * {@code DATABASE db}). Errs towards yes: a false yes stops or applies a statement needlessly,
     * a false no would lose a change. Names compare case-insensitively.
     */
    static boolean touches(
            String defaultDatabase,
            String sql,
            Collection<String> updatedDatabases,
            Collection<String> databases) {
        for (String db : databases) {
            if (db.equalsIgnoreCase(defaultDatabase)) {
                return true;
            }
            for (String u : updatedDatabases) {
                if (db.equalsIgnoreCase(u)) {
                    return true;
                }
            }
        }
        String s = normalized(sql);
        for (String db : databases) {
            String name = db.toUpperCase(Locale.ROOT);
            String quoted = "`" + name.replace("`", "``") + "`";
            if (s.contains(quoted)) {
                return true;
            }
            Pattern bare =
                    Pattern.compile(
                            "(^|[^A-Z0-9_$])"
                                    + Pattern.quote(name)
                                    + "\\s*\\.|(DATABASE|SCHEMA)\\s+(IF\\s+(NOT\\s+)?EXISTS\\s+)?"
                                    + Pattern.quote(name)
                                    + "($|[^A-Z0-9_$])");
            if (bare.matcher(s).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Upper case, comments out ({@code /*!50003 ...}} executable comments keep their text), runs of
     * white space as one space, trimmed.
     */
    static String normalized(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*!", i)) {
                i += 3;
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.append(' ');
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                out.append(' ');
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                out.append(' ');
            } else {
                out.append(sql.charAt(i++));
            }
        }
        return out.toString().replaceAll("\\s+", " ").trim().toUpperCase(Locale.ROOT);
    }
}
