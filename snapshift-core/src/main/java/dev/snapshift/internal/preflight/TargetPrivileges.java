package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import java.util.ArrayList;
import java.util.List;

/** The target account's right to create the databases, tables, indexes and keys, and to insert. */
final class TargetPrivileges {
    static final String NAME = "target privileges";
    static final List<String> NEEDED =
            List.of("CREATE", "INSERT", "ALTER", "INDEX", "REFERENCES", "DROP");

    private TargetPrivileges() {}

    static PreflightCheck check(PreflightContext ctx) {
        Grants g = ctx.targetFacts().grants();
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (String db : ctx.databases()) {
            List<String> missing = NEEDED.stream().filter(p -> !g.onDatabase(p, db)).toList();
            if (!missing.isEmpty()) {
                problems.add(String.join(", ", missing) + " on " + db);
                fixes.add(g.grantStatement(String.join(", ", NEEDED), Grants.databaseScope(db)));
            }
        }
        if (problems.isEmpty()) {
            return PreflightCheck.ok(
                    NAME,
                    g.account()
                            + " may "
                            + String.join(", ", NEEDED)
                            + " on "
                            + (ctx.databases().isEmpty()
                                    ? "the selected databases"
                                    : Texts.names(List.copyOf(ctx.databases()))));
        }
        return PreflightCheck.fail(
                NAME,
                g.account() + " lacks " + String.join("; ", problems),
                String.join("; ", fixes));
    }
}
