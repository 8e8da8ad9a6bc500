package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.List;

/**
 * Target settings that decide whether the selected tables can be created and filled there as they
 * are.
 */
final class TargetSettings {
    static final String REQUIRE_PK = "sql_require_primary_key";
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
        if (target.on("sql_generate_invisible_primary_key")) {
            return PreflightCheck.ok(
                    REQUIRE_PK,
                    variable
                            + "=ON on the target, which also generates invisible primary keys: "
                            + Texts.names(without)
                            + " get my_row_id");
        }
        if (ctx.config().targetOptions().createInvisiblePks()) {
            return PreflightCheck.ok(
                    REQUIRE_PK,
                    variable
                            + "=ON on the target; --create-invisible-pks gives "
                            + Texts.names(without)
                            + " an invisible primary key my_row_id");
        }
        return PreflightCheck.fail(
                REQUIRE_PK,
                variable
                        + "=ON on the target refuses "
                        + Texts.count(without.size(), "selected table", "selected tables")
                        + " without a primary key: "
                        + Texts.names(without),
                "use --create-invisible-pks (an invisible primary key my_row_id on the target), add primary"
                        + " keys on the source, or turn it off on the target for the migration (SET "
                        + (info.mariaDb() ? "GLOBAL " : "PERSIST ")
                        + variable
                        + " = OFF; on a managed service as a"
                        + " server parameter), or leave those tables out with --databases");
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
}
