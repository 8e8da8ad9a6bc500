package dev.snapshift.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What snapshift may change so that a target shaped differently from the source (a managed cloud
 * database) takes it, and what to select. Every change is listed by the preflight and recorded per
 * object in the report.
 *
 * @param definers how objects get their definer
 * @param createInvisiblePks a table without a primary key gets an invisible one on the target
 *     ({@code my_row_id}), for targets that require keys ({@code sql_require_primary_key=ON})
 * @param forceInnodb MyISAM, Aria and other engines become InnoDB on the target
 * @param collationMap collations the target lacks, mapped (FROM -> TO); added to the built-in map
 * @param users copy accounts, roles and grants whose {@code user@host} matches this pattern ({@code
 *     *} and {@code ?} wildcards); null: none
 * @param includeTables {@code db.table} patterns ({@code *}, {@code ?}) of the tables and objects
 *     to copy; empty: all
 * @param excludeTables {@code db.table} patterns left out
 */
public record TargetOptions(
        DefinerPolicy definers,
        boolean createInvisiblePks,
        boolean forceInnodb,
        Map<String, String> collationMap,
        String users,
        List<String> includeTables,
        List<String> excludeTables) {

    public static final TargetOptions DEFAULTS =
            new TargetOptions(
                    DefinerPolicy.AUTO, false, false, Map.of(), null, List.of(), List.of());

    public TargetOptions {
        definers = definers == null ? DefinerPolicy.AUTO : definers;
        collationMap = collationMap == null ? Map.of() : Map.copyOf(collationMap);
        includeTables = includeTables == null ? List.of() : List.copyOf(includeTables);
        excludeTables = excludeTables == null ? List.of() : List.copyOf(excludeTables);
        for (String p : includeTables) {
            requirePattern("--include-tables", p);
        }
        for (String p : excludeTables) {
            requirePattern("--exclude-tables", p);
        }
    }

    private static void requirePattern(String option, String p) {
        if (p.isBlank() || !p.contains(".")) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    option
                            + " takes db.table patterns (wildcards * and ?), e.g. shop.* or *.audit_log; was '"
                            + p
                            + "'");
        }
    }

    /** Whether {@code database.table} is selected by the include and exclude patterns. */
    public boolean selects(String database, String table) {
        String name = database + "." + table;
        boolean included =
                includeTables.isEmpty() || includeTables.stream().anyMatch(p -> matches(p, name));
        return included && excludeTables.stream().noneMatch(p -> matches(p, name));
    }

    /**
     * Whether anything of database {@code database} may be selected ({@code --include-tables} names
     * it, or is not given).
     */
    public boolean selectsDatabase(String database) {
        return includeTables.isEmpty()
                || includeTables.stream()
                        .anyMatch(p -> matches(p.substring(0, p.indexOf('.')), database));
    }

    /**
     * Whether {@code user@host} is an account to copy: {@code users} is a comma-separated list of
     * {@code user} or {@code user@host} patterns.
     */
    public boolean copiesUser(String user, String host) {
        if (users == null) {
            return false;
        }
        for (String p : users.split(",")) {
            String pattern = p.trim();
            if (!pattern.isEmpty()
                    && (matches(pattern, user + "@" + host) || matches(pattern, user))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code *} any run of characters, {@code ?} one; case-insensitive like names on most targets.
     */
    static boolean matches(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                .matcher(name)
                .matches();
    }

    /** {@code FROM=TO} pairs, comma-separated, as given to {@code --collation-map}. */
    public static Map<String, String> parseCollationMap(List<String> pairs) {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new SnapshiftException(
                        ErrorCode.USAGE,
                        "--collation-map takes FROM=TO, e.g. utf8mb4_uca1400_ai_ci=utf8mb4_0900_ai_ci; was '"
                                + pair
                                + "'");
            }
            out.put(
                    pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    pair.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
