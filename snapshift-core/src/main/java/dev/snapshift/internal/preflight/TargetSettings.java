package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Target settings that decide whether the selected tables can be created and filled there as they
 * are.
 */
final class TargetSettings {
    static final String REQUIRE_PK = "sql_require_primary_key";
    static final String LOWER_CASE = "lower_case_table_names";
    static final String PACKET = "max_allowed_packet";

    private TargetSettings() {}

    /**
     * MySQL 8.0.13+ sql_require_primary_key (MariaDB: innodb_force_primary_key) refuses tables
     * without one.
     */
    static PreflightCheck requirePrimaryKey(PreflightContext ctx) {
        ServerFacts target = ctx.targetFacts();
        ServerInfo info = target.info();
        String variable = info.mariaDb() ? "innodb_force_primary_key" : REQUIRE_PK;
        boolean on =
                info.mariaDb()
                        ? target.on(variable)
                        : info.atLeast(8, 0, 13) && target.on(variable);
        if (!on) {
            return PreflightCheck.ok(
                    REQUIRE_PK,
                    (target.variable(variable) == null ? "not enforced" : variable + "=OFF")
                            + " on the target");
        }
        List<String> without =
                ctx.tables().stream()
                        .filter(t -> !"PRIMARY".equals(t.keyIndex()))
                        .map(TableInfo::qualifiedName)
                        .toList();
        if (without.isEmpty()) {
            return PreflightCheck.ok(
                    REQUIRE_PK,
                    variable + "=ON on the target; every selected table has a primary key");
        }
        return PreflightCheck.fail(
                REQUIRE_PK,
                variable
                        + "=ON on the target refuses "
                        + Texts.count(without.size(), "selected table", "selected tables")
                        + " without a primary key: "
                        + Texts.names(without),
                "add primary keys on the source, or turn it off on the target for the migration (SET "
                        + (info.mariaDb() ? "GLOBAL " : "PERSIST ")
                        + variable
                        + " = OFF; on a managed service as a"
                        + " server parameter), or leave those tables out with --databases");
    }

    /** Names with uppercase letters land differently when the two servers fold case differently. */
    static PreflightCheck lowerCaseTableNames(PreflightContext ctx) {
        String source = ctx.sourceFacts().variable(LOWER_CASE);
        String target = ctx.targetFacts().variable(LOWER_CASE);
        if (source == null || target == null || source.equals(target)) {
            return PreflightCheck.ok(LOWER_CASE, LOWER_CASE + "=" + source + " on both servers");
        }
        List<String> upper = new ArrayList<>();
        for (String db : ctx.databases()) {
            if (hasUpper(db)) {
                upper.add(db);
            }
        }
        ctx.tables().stream()
                .filter(t -> hasUpper(t.name()))
                .forEach(t -> upper.add(t.qualifiedName()));
        String detail = LOWER_CASE + "=" + source + " on the source, " + target + " on the target";
        if (upper.isEmpty()) {
            return PreflightCheck.ok(
                    LOWER_CASE, detail + "; no selected name has uppercase letters");
        }
        return PreflightCheck.fail(
                LOWER_CASE,
                detail + ", and these names have uppercase letters: " + Texts.names(upper),
                "use a target with lower_case_table_names="
                        + source
                        + " (fixed when the server is initialized on"
                        + " MySQL 8), or rename those objects to lowercase on the source");
    }

    static PreflightCheck maxAllowedPacket(PreflightContext ctx) {
        long source = (long) ctx.sourceFacts().number(PACKET, 0);
        long target = (long) ctx.targetFacts().number(PACKET, 0);
        if (target > 0 && target < source) {
            return PreflightCheck.warn(
                    PACKET,
                    "the target's "
                            + Texts.bytes(target)
                            + " is below the source's "
                            + Texts.bytes(source)
                            + ": rows larger than the target's limit cannot be written there",
                    "SET "
                            + (ctx.targetFacts().info().mariaDb()
                                            || ctx.targetFacts().info().major() < 8
                                    ? "GLOBAL"
                                    : "PERSIST")
                            + " max_allowed_packet = "
                            + source
                            + " on the target (on a managed service as a server parameter)");
        }
        return PreflightCheck.ok(
                PACKET, "target " + Texts.bytes(target) + ", source " + Texts.bytes(source));
    }

    private static boolean hasUpper(String name) {
        return !name.equals(name.toLowerCase(Locale.ROOT));
    }
}
