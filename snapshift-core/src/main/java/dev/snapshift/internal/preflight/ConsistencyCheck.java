package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.PreflightCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the requested consistency mode can run with this source and account (RELOAD for the
 * global read lock, LOCK TABLES, the right to set read_only, a server that proves snapshot
 * positions), and for {@code auto} which mode it will pick.
 */
final class ConsistencyCheck {
    static final String NAME = "consistency";
    static final String LOCKLESS_REFUSED =
            "lockless is refused on this server: it does not report the binlog position"
                    + " of each consistent snapshot (no binlog_snapshot_file status variable, as stock MySQL), and comparing"
                    + " positions before and after starting the snapshots is no proof, because a transaction is written to the"
                    + " binlog before it becomes visible to new snapshots";

    private ConsistencyCheck() {}

    static PreflightCheck check(PreflightContext ctx) {
        ServerFacts source = ctx.sourceFacts();
        boolean flush = ModeChoice.mayFlush(source.grants(), source.info());
        return switch (ctx.config().consistency()) {
            case SNAPSHOT -> snapshot(source, flush);
            case READ_ONLY -> readOnly(source, flush);
            case LOCK_TABLES -> lockTables(ctx, "lock-tables");
            case LOCKLESS -> lockless(source, "lockless");
            case NONE ->
                    PreflightCheck.warn(
                            NAME,
                            "none: no consistency guarantee; tables are copied at different instants",
                            "use --consistency snapshot, lock-tables or auto for a consistent copy");
            case AUTO -> auto(ctx);
        };
    }

    private static PreflightCheck snapshot(ServerFacts source, boolean flush) {
        if (flush) {
            return PreflightCheck.ok(
                    NAME,
                    "snapshot: FLUSH TABLES WITH READ LOCK for milliseconds while every session"
                            + " starts its snapshot (the account may flush)");
        }
        return PreflightCheck.fail(
                NAME,
                "snapshot needs the RELOAD privilege for FLUSH TABLES WITH READ LOCK, and "
                        + source.grants().account()
                        + " lacks it",
                grantReload(source)
                        + ", or use --consistency lock-tables"
                        + (source.provesSnapshotPosition() && source.logBin()
                                ? " or --consistency lockless"
                                : ""));
    }

    private static PreflightCheck auto(PreflightContext ctx) {
        ServerFacts source = ctx.sourceFacts();
        return switch (ctx.mode()) {
            case SNAPSHOT ->
                    PreflightCheck.ok(
                            NAME,
                            "auto will use snapshot: a global read lock for milliseconds"
                                    + " (the account may flush)");
            case LOCKLESS ->
                    PreflightCheck.ok(
                            NAME,
                            "auto will use lockless: the account lacks RELOAD, and the server"
                                    + " proves each snapshot's binlog position (binlog_snapshot_file)");
            default -> {
                PreflightCheck c =
                        lockTables(
                                ctx,
                                "auto will use lock-tables (the account lacks RELOAD"
                                        + (!source.provesSnapshotPosition()
                                                ? ""
                                                : !source.logBin()
                                                        ? " and the binary log is off"
                                                        : "; lockless holds no lock for the non-transactional tables")
                                        + ")");
                yield c.level() == PreflightCheck.Level.FAIL
                        ? c
                        : PreflightCheck.warn(
                                NAME,
                                c.detail(),
                                grantReload(source)
                                        + " so that auto uses snapshot, a global read lock for milliseconds");
            }
        };
    }

    private static PreflightCheck readOnly(ServerFacts source, boolean flush) {
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (!flush) {
            missing.add("RELOAD");
            fixes.add(grantReload(source));
        }
        if (!source.grants().anyGlobal("SUPER", "SYSTEM_VARIABLES_ADMIN", "READ_ONLY ADMIN")) {
            missing.add("SUPER or SYSTEM_VARIABLES_ADMIN");
            fixes.add(
                    source.grants()
                                    .grantStatement(
                                            source.info().mariaDb()
                                                    ? "READ_ONLY ADMIN"
                                                    : "SYSTEM_VARIABLES_ADMIN",
                                            "*.*")
                            + " (or SUPER)");
        }
        if (!missing.isEmpty()) {
            return PreflightCheck.fail(
                    NAME,
                    "read-only needs RELOAD (for the brief global read lock) and SUPER or"
                            + " SYSTEM_VARIABLES_ADMIN (to set read_only and super_read_only); "
                            + source.grants().account()
                            + " lacks "
                            + String.join(" and ", missing),
                    String.join("; ", fixes)
                            + ", or use --consistency snapshot or --consistency lock-tables");
        }
        return PreflightCheck.warn(
                NAME,
                "read-only: read_only (and super_read_only) ON for the whole copy; this affects"
                        + " every database on the server, not only the selected ones, and is restored afterwards",
                "use --consistency snapshot to block writes for milliseconds only, unless the whole server may be"
                        + " read-only for the copy");
    }

    /** LOCK TABLES on every selected database. */
    private static PreflightCheck lockTables(PreflightContext ctx, String what) {
        Grants g = ctx.sourceFacts().grants();
        List<String> missing =
                ctx.databases().stream().filter(db -> !g.onDatabase("LOCK TABLES", db)).toList();
        if (!missing.isEmpty()) {
            return PreflightCheck.fail(
                    NAME,
                    what
                            + ", which needs the LOCK TABLES privilege; "
                            + g.account()
                            + " lacks it on "
                            + Texts.names(missing),
                    String.join(
                                    "; ",
                                    missing.stream()
                                            .map(
                                                    db ->
                                                            g.grantStatement(
                                                                    "LOCK TABLES",
                                                                    Grants.databaseScope(db)))
                                            .toList())
                            + (ctx.config().consistency() == ConsistencyMode.AUTO
                                    ? ", or " + grantReload(ctx.sourceFacts())
                                    : ""));
        }
        return PreflightCheck.ok(
                NAME,
                what
                        + ": LOCK TABLES ... READ holds only the "
                        + Texts.count(ctx.tables().size(), "selected table", "selected tables")
                        + " while the sessions start their snapshots; other tables are not held");
    }

    private static PreflightCheck lockless(ServerFacts source, String what) {
        if (!source.provesSnapshotPosition()) {
            return PreflightCheck.fail(
                    NAME,
                    LOCKLESS_REFUSED,
                    "use --consistency snapshot (needs RELOAD) or --consistency lock-tables");
        }
        if (!source.logBin()) {
            return PreflightCheck.fail(
                    NAME,
                    what
                            + " needs the binary log: with log_bin OFF there is no snapshot"
                            + " position to compare",
                    "enable log_bin and restart the source, or use --consistency snapshot or"
                            + " --consistency lock-tables");
        }
        return PreflightCheck.ok(
                NAME,
                what
                        + ": no lock; each session's binlog_snapshot_file/position proves that all"
                        + " sessions share one instant");
    }

    private static String grantReload(ServerFacts source) {
        String grant = source.grants().grantStatement("RELOAD", "*.*");
        return !source.info().mariaDb() && source.info().atLeast(8, 0, 23)
                ? grant + " (or FLUSH_TABLES)"
                : grant;
    }
}
