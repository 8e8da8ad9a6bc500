package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerInfo;

/**
 * Connectivity and versions of both servers, and whether the target can take what the source has.
 */
final class VersionChecks {
    static final String SOURCE = "source version";
    static final String TARGET = "target version";

    private VersionChecks() {}

    static PreflightCheck source(PreflightContext ctx) {
        return PreflightCheck.ok(
                SOURCE,
                ctx.sourceFacts().info().product()
                        + ", connected to "
                        + ctx.config().source().address()
                        + " as "
                        + ctx.sourceFacts().grants().account());
    }

    static PreflightCheck target(PreflightContext ctx) {
        return compatibility(
                ctx.sourceFacts().info(),
                ctx.targetFacts().info(),
                ctx.config().target().address(),
                ctx.targetFacts().grants().account());
    }

    /** Pure: the target line for a source and target version. */
    static PreflightCheck compatibility(
            ServerInfo source, ServerInfo target, String address, String account) {
        String detail =
                target.product()
                        + ", connected to "
                        + address
                        + " as "
                        + account
                        + "; source "
                        + source.product();
        if (!source.mariaDb() && !target.mariaDb() && source.major() >= 8 && target.major() < 8) {
            return PreflightCheck.fail(
                    TARGET,
                    detail
                            + ": a MySQL "
                            + target.major()
                            + "."
                            + target.minor()
                            + " target cannot take a MySQL 8 schema (utf8mb4_0900_* collations, the default since 8.0, do not exist"
                            + " there)",
                    "use a MySQL 8.0 or later target");
        }
        if (source.mariaDb() != target.mariaDb()) {
            return PreflightCheck.warn(
                    TARGET,
                    detail
                            + ": MySQL and MariaDB differ in collations, types and binlog"
                            + " format; tables may fail to create and replication from the coordinates may not work",
                    "prefer a target of the same product; otherwise create the schema on the target first and test it");
        }
        if (older(target, source)) {
            return PreflightCheck.warn(
                    TARGET,
                    detail
                            + ": the target is older than the source; features or collations"
                            + " the source uses may not exist there, and replicating to an older version is not supported",
                    "use a target of version "
                            + source.major()
                            + "."
                            + source.minor()
                            + " or later");
        }
        return PreflightCheck.ok(TARGET, detail + ": compatible");
    }

    private static boolean older(ServerInfo target, ServerInfo source) {
        return target.major() != source.major()
                ? target.major() < source.major()
                : target.minor() < source.minor();
    }
}
