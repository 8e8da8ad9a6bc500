package dev.snapshift.internal.copy;

import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether the warnings of a chunk's write leave the stored rows exactly the source's.
 * Strict by default: every warning fails the chunk unless it provably cannot change a stored byte.
 * The one such case is a value warning (out of range, truncated, incorrect value) on a VIRTUAL
 * generated column: the target computes that column for the row it stores but keeps nothing of it,
 * so the warning says only what a read will compute, as it does on the source, where the row was
 * written under a non-strict sql_mode. A STORED generated column's warning fails the chunk: its
 * value is kept, and nothing here proves it equal to the source's. Every accepted warning is named
 * for the log. When ENUM values are set to index 0 on purpose, the warning that index 0 raises is
 * the expected one on that column. Pure; unit-tested as strings.
 *
 * <p>All warnings must be seen to be judged: when the server kept fewer than it raised ({@code
 * max_error_count}), the chunk fails.
 */
final class WarningJudge {
    /**
     * Out of range, data truncated, incorrect (date, integer, string) value, division by zero, data
     * too long.
     */
    static final Set<Integer> VALUE_WARNINGS = Set.of(1264, 1265, 1292, 1365, 1366, 1406);

    static final int DATA_TRUNCATED = 1265;

    /** MySQL and MariaDB: {@code ... for column 'c' at row 3}. */
    private static final Pattern QUOTED = Pattern.compile("for column '(.*)' at row \\d+$");

    /** MariaDB: {@code ... for column `db`.`t`.`c` at row 3}. */
    private static final Pattern QUALIFIED =
            Pattern.compile(
                    "for column"
                            + " `(?:[^`]|``)*`\\.`(?:[^`]|``)*`\\.`((?:[^`]|``)*)` at row \\d+$");

    private WarningJudge() {}

    /** One warning as the server gave it. */
    record Warning(int code, String message) {
        @Override
        public String toString() {
            return "[" + code + "] " + message;
        }
    }

    /**
     * @param accepted warnings that cannot change stored bytes
     * @param rejected the first warning that may, or why not all could be judged; null when there
     *     is none
     */
    record Verdict(List<String> accepted, String rejected) {}

    /**
     * @param raised how many warnings the statement raised ({@code @@warning_count}); more than
     *     {@code warnings} means the server did not keep them all
     */
    static Verdict judge(TableInfo table, List<Warning> warnings, long raised) {
        return judge(table, warnings, raised, null);
    }

    /**
     * @param enumSetToZero an ENUM column set to index 0 on purpose: its 1265 "Data truncated" is
     *     expected
     */
    static Verdict judge(
            TableInfo table, List<Warning> warnings, long raised, String enumSetToZero) {
        if (raised > warnings.size()) {
            return new Verdict(
                    List.of(),
                    raised
                            + " warnings, of which only "
                            + warnings.size()
                            + " could be read"
                            + " to be judged; first: "
                            + (warnings.isEmpty() ? "none" : warnings.get(0)));
        }
        List<String> accepted = new ArrayList<>();
        for (Warning w : warnings) {
            ColumnInfo c = column(table, w.message());
            if (c != null && w.code() == DATA_TRUNCATED && c.name().equals(enumSetToZero)) {
                continue;
            }
            if (c == null || !c.virtual() || !VALUE_WARNINGS.contains(w.code())) {
                return new Verdict(List.of(), w.toString());
            }
            accepted.add(w + " (VIRTUAL column " + c.name() + ": not stored)");
        }
        return new Verdict(accepted, null);
    }

    /** The column a value warning names, or null. */
    static ColumnInfo column(TableInfo table, String message) {
        String name = null;
        Matcher q = QUALIFIED.matcher(message);
        if (q.find()) {
            name = q.group(1).replace("``", "`");
        } else {
            Matcher m = QUOTED.matcher(message);
            if (m.find()) {
                name = m.group(1);
            }
        }
        if (name == null) {
            return null;
        }
        String n = name;
        return table.columns().stream()
                .filter(c -> c.name().equalsIgnoreCase(n))
                .findFirst()
                .orElse(null);
    }
}
