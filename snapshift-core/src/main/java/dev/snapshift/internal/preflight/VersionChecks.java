package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
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
        return snapshotReads(
                ctx.sourceFacts().info(),
                ctx.mode(),
                ctx.config().verify(),
                ctx.sourceFacts().info().product()
                        + ", connected to "
                        + ctx.config().source().address()
                        + " as "
                        + ctx.sourceFacts().grants().account());
    }

    /**
     * Pure: the source line. A MySQL 5.7 source read in a consistent snapshot while rows are
     * appended to its tables warns: its InnoDB (measured on 5.7.22) may return only the first rows
     * of a key range at a table's end inside the snapshot (bench/snapshot-read-defect.sh: most
     * snapshots of an appended table; never on 8.0 or MariaDB). Read-only mode appends nothing
     * during the copy.
     */
    static PreflightCheck snapshotReads(
            ServerInfo source, ConsistencyMode mode, boolean verify, String detail) {
        if (source.mariaDb() || source.major() >= 8 || mode == ConsistencyMode.READ_ONLY) {
            return PreflightCheck.ok(SOURCE, detail);
        }
        return PreflightCheck.warn(
                SOURCE,
                detail
                        + ": MySQL 5.7's InnoDB (measured on 5.7.22) may return only the first rows of a"
                        + " key range at a table's end inside a consistent snapshot while rows are appended"
                        + " to that table; "
                        + (verify
                                ? "the verification compares two reads of every page and refuses a copy"
                                        + " whose reads disagree, so such a run fails instead of copying"
                                        + " fewer rows"
                                : "with --no-verify nothing would notice rows missing from the copy"),
                verify
                        ? "if a run fails with \"the source answered two reads of this range differently\","
                                + " run it again, use --consistency read-only, or upgrade the source"
                        : "keep the verification on (leave out --no-verify), or use --consistency"
                                + " read-only");
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
