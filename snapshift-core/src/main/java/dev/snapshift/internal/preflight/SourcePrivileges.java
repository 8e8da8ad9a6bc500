package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.util.List;

/** The source account's right to read the selected databases and the binary log coordinates. */
final class SourcePrivileges {
    static final String READ = "source privileges";
    static final String COORDINATES = "binlog coordinates";

    private SourcePrivileges() {}

    static PreflightCheck read(PreflightContext ctx) {
        Grants g = ctx.sourceFacts().grants();
        List<String> missing =
                ctx.databases().stream().filter(db -> !g.onDatabase("SELECT", db)).toList();
        if (!missing.isEmpty()) {
            return PreflightCheck.fail(
                    READ,
                    g.account() + " lacks SELECT on " + Texts.names(missing),
                    String.join(
                            "; ",
                            missing.stream()
                                    .map(
                                            db ->
                                                    g.grantStatement(
                                                            "SELECT, SHOW VIEW",
                                                            Grants.databaseScope(db)))
                                    .toList()));
        }
        return PreflightCheck.ok(
                READ,
                "SELECT on "
                        + (ctx.databases().isEmpty()
                                ? "the selected databases"
                                : Texts.names(List.copyOf(ctx.databases()))));
    }

    /**
     * REPLICATION CLIENT (BINLOG MONITOR on MariaDB 10.5+, or SUPER) for SHOW MASTER / BINARY LOG
     * STATUS.
     */
    static PreflightCheck coordinates(PreflightContext ctx) {
        Grants g = ctx.sourceFacts().grants();
        ServerInfo s = ctx.sourceFacts().info();
        boolean mayRead =
                s.mariaDb()
                        ? g.anyGlobal("BINLOG MONITOR", "REPLICATION CLIENT")
                                || (!s.atLeast(11, 0, 0) && g.global("SUPER"))
                        : g.anyGlobal("REPLICATION CLIENT", "SUPER");
        String privilege =
                s.mariaDb() && s.atLeast(10, 5, 0) ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        if (!mayRead) {
            return PreflightCheck.warn(
                    COORDINATES,
                    g.account()
                            + " lacks "
                            + privilege
                            + ": the binary log coordinates of"
                            + " the snapshot cannot be read, so there is no position to start replication or CDC from",
                    g.grantStatement(privilege, "*.*"));
        }
        return PreflightCheck.ok(
                COORDINATES, "the account may read the binary log position (" + privilege + ")");
    }
}
