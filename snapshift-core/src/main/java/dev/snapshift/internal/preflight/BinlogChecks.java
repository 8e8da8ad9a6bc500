package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The source's binary log: on or off, a format later CDC can read, retention long enough to
 * replicate from the snapshot position, and GTIDs.
 */
final class BinlogChecks {
    static final String LOG_BIN = "log_bin";
    static final String FORMAT = "binlog format";
    static final String RETENTION = "binlog retention";
    static final String GTID = "gtid";

    private BinlogChecks() {}

    static List<PreflightCheck> all(PreflightContext ctx) {
        ServerFacts s = ctx.sourceFacts();
        List<PreflightCheck> out = new ArrayList<>();
        if (!s.logBin()) {
            out.add(
                    PreflightCheck.warn(
                            LOG_BIN,
                            "OFF: the source has no binary log, so there are no coordinates to start"
                                    + " replication or CDC from; the copy is a one-off",
                            "enable log_bin (with a server_id) and restart"
                                    + " the source; on a managed service turn on binary logging (automated backups)"));
            return out;
        }
        out.add(
                PreflightCheck.ok(
                        LOG_BIN, "ON: the snapshot's coordinates can start replication or CDC"));
        out.add(format(s));
        out.add(
                retention(
                        s.info(),
                        s.variable("binlog_expire_logs_seconds"),
                        s.variable("expire_logs_days"),
                        ctx.estimate().duration()));
        out.add(gtid(s));
        return out;
    }

    static PreflightCheck format(ServerFacts s) {
        String format = s.variable("binlog_format");
        String image = s.variable("binlog_row_image");
        String detail =
                "binlog_format=" + format + (image == null ? "" : ", binlog_row_image=" + image);
        if ("ROW".equalsIgnoreCase(format) && (image == null || "FULL".equalsIgnoreCase(image))) {
            return PreflightCheck.ok(FORMAT, detail);
        }
        String set = s.info().mariaDb() || s.info().major() < 8 ? "SET GLOBAL" : "SET PERSIST";
        return PreflightCheck.warn(
                FORMAT,
                detail
                        + ": CDC tools and row-based replication from the coordinates need ROW"
                        + " with FULL row images",
                set
                        + " binlog_format = 'ROW'; "
                        + set
                        + " binlog_row_image = 'FULL'"
                        + (set.equals("SET GLOBAL") ? " (and the same in the option file)" : "")
                        + "; on a managed service set them as server parameters");
    }

    /**
     * Pure: retention against twice the estimated copy time.
     *
     * @param expireSeconds binlog_expire_logs_seconds (MySQL 8, MariaDB 10.6+), null when the
     *     server lacks it
     * @param expireDays expire_logs_days (MySQL 5.7/8.0, MariaDB; fractional on MariaDB), null when
     *     absent
     */
    static PreflightCheck retention(
            ServerInfo server, String expireSeconds, String expireDays, Duration estimate) {
        long seconds = parse(expireSeconds);
        String variable = "binlog_expire_logs_seconds";
        long retention = seconds;
        if (expireSeconds == null || (seconds == 0 && !server.mariaDb())) {
            double days = number(expireDays);
            if (expireSeconds == null || days > 0) {
                variable = "expire_logs_days";
                retention = Math.round(days * 86_400);
            }
        }
        String setting =
                variable + "=" + (variable.equals("expire_logs_days") ? expireDays : expireSeconds);
        if (retention <= 0) {
            return PreflightCheck.ok(
                    RETENTION, setting + ": binary logs are not purged automatically");
        }
        Duration kept = Duration.ofSeconds(retention);
        Duration needed = estimate.multipliedBy(2);
        if (kept.compareTo(needed) < 0) {
            return PreflightCheck.warn(
                    RETENTION,
                    setting
                            + " ("
                            + Texts.duration(kept)
                            + ") is shorter than twice the"
                            + " estimated copy time ("
                            + Texts.duration(estimate)
                            + "): the binlogs needed to replicate from the"
                            + " snapshot position could be purged before replication starts",
                    raise(server, variable, needed));
        }
        return PreflightCheck.ok(
                RETENTION,
                setting
                        + " ("
                        + Texts.duration(kept)
                        + "), at least twice the estimated copy"
                        + " time ("
                        + Texts.duration(estimate)
                        + ")");
    }

    private static String raise(ServerInfo server, String variable, Duration needed) {
        long seconds = Math.max(needed.toSeconds(), 86_400);
        String statement =
                variable.equals("expire_logs_days")
                        ? "SET GLOBAL expire_logs_days = "
                                + (server.mariaDb()
                                        ? String.format(Locale.ROOT, "%.2f", seconds / 86_400.0)
                                        : String.valueOf((seconds + 86_399) / 86_400))
                        : (server.mariaDb() ? "SET GLOBAL " : "SET PERSIST ")
                                + "binlog_expire_logs_seconds = "
                                + seconds;
        return "keep the binary logs longer for the migration: "
                + statement
                + " (on a managed service raise the binlog retention setting)";
    }

    static PreflightCheck gtid(ServerFacts s) {
        if (s.info().mariaDb()) {
            String pos = s.variable("gtid_binlog_pos");
            return PreflightCheck.ok(
                    GTID,
                    "gtid_binlog_pos="
                            + (pos == null || pos.isEmpty() ? "(empty)" : pos)
                            + ": the MariaDB GTID position is reported with the coordinates");
        }
        String mode = s.variable("gtid_mode");
        return PreflightCheck.ok(
                GTID,
                "gtid_mode="
                        + mode
                        + ("ON".equalsIgnoreCase(mode)
                                ? ": the coordinates include the executed GTID set"
                                : ": the coordinates are binlog file and position"));
    }

    private static long parse(String v) {
        return (long) number(v);
    }

    private static double number(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
