package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code migrate --online} needs on the source to read its binary log after the copy: the log
 * itself, ROW events with FULL images, and the right to stream it (REPLICATION SLAVE) and to read
 * the coordinates (REPLICATION CLIENT / BINLOG MONITOR). Each missing piece fails before anything
 * is copied — found after an hour of copying, the catch-up could not start.
 */
final class OnlineChecks {
    static final String NAME = "online catch-up";

    private OnlineChecks() {}

    static List<PreflightCheck> all(PreflightContext ctx) {
        if (!ctx.config().isOnline()) {
            return List.of();
        }
        ServerFacts s = ctx.sourceFacts();
        List<PreflightCheck> out = new ArrayList<>();
        if (!s.logBin()) {
            out.add(
                    PreflightCheck.fail(
                            NAME,
                            "log_bin=OFF: --online applies the source's binary log, and it has none",
                            "enable log_bin (with a server_id) and restart the source, or migrate"
                                    + " without --online"));
            return out;
        }
        PreflightCheck format = BinlogChecks.format(s);
        if (format.level() != PreflightCheck.Level.OK) {
            out.add(
                    PreflightCheck.fail(
                            NAME,
                            format.detail()
                                    + ": --online reads row changes, so it needs binlog_format=ROW"
                                    + " and binlog_row_image=FULL",
                            format.fix()));
        }
        out.add(replication(ctx));
        return out;
    }

    /**
     * REPLICATION SLAVE (to stream the log) and the coordinates' privilege. Pure over the facts.
     */
    static PreflightCheck replication(PreflightContext ctx) {
        Grants g = ctx.sourceFacts().grants();
        ServerInfo s = ctx.sourceFacts().info();
        List<String> missing = new ArrayList<>();
        if (!g.anyGlobal("REPLICATION SLAVE", "REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        boolean coordinates =
                s.mariaDb()
                        ? g.anyGlobal("BINLOG MONITOR", "REPLICATION CLIENT")
                                || (!s.atLeast(11, 0, 0) && g.global("SUPER"))
                        : g.anyGlobal("REPLICATION CLIENT", "SUPER");
        if (!coordinates) {
            missing.add(
                    s.mariaDb() && s.atLeast(10, 5, 0) ? "BINLOG MONITOR" : "REPLICATION CLIENT");
        }
        if (missing.isEmpty()) {
            return PreflightCheck.ok(
                    NAME,
                    "binlog_format=ROW, binlog_row_image=FULL, and the account may stream the binary"
                            + " log (REPLICATION SLAVE) and read its position");
        }
        return PreflightCheck.fail(
                NAME,
                g.account()
                        + " lacks "
                        + String.join(" and ", missing)
                        + ": --online streams the source's binary log after the copy",
                g.grantStatement(String.join(", ", missing), "*.*"));
    }
}
