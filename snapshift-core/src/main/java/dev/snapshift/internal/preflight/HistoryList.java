package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The InnoDB history list length now: undo that purge has not removed yet. A long list slows every
 * snapshot read, and the copy's own long snapshot makes it grow further.
 */
public final class HistoryList {
    static final String NAME = "history list length";
    static final long WARN_ABOVE = 1_000_000;
    private static final Pattern IN_STATUS = Pattern.compile("History list length\\s+(\\d+)");

    private HistoryList() {}

    static PreflightCheck check(PreflightContext ctx) throws SQLException {
        Grants g = ctx.sourceFacts().grants();
        try {
            OptionalLong length = read(ctx.source(), ctx.sourceFacts().info().mariaDb());
            if (length.isEmpty()) {
                return PreflightCheck.warn(
                        NAME,
                        "unknown: neither INNODB_METRICS nor SHOW ENGINE INNODB STATUS reports it",
                        "check it by hand before a long copy");
            }
            return judge(length.getAsLong());
        } catch (SQLException e) {
            if (e.getErrorCode() != MySqlErrors.SPECIFIC_ACCESS_DENIED) {
                throw e;
            }
            return PreflightCheck.warn(
                    NAME,
                    "unknown: " + g.account() + " lacks PROCESS, which reading it needs",
                    g.grantStatement("PROCESS", "*.*"));
        }
    }

    /**
     * information_schema.INNODB_METRICS when the counter is enabled, else SHOW ENGINE INNODB
     * STATUS.
     */
    public static OptionalLong read(Connection c, boolean mariaDb) throws SQLException {
        if (mariaDb) {
            List<Long> status =
                    Jdbc.query(
                            c,
                            "SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'",
                            rs -> rs.getLong(2));
            if (!status.isEmpty()) {
                return OptionalLong.of(status.get(0));
            }
        }
        String enabled = mariaDb ? "ENABLED = 1" : "STATUS = 'enabled'";
        List<Long> metric =
                Jdbc.query(
                        c,
                        "SELECT COUNT FROM information_schema.INNODB_METRICS"
                                + " WHERE NAME = 'trx_rseg_history_len' AND "
                                + enabled,
                        rs -> rs.getLong(1));
        if (!metric.isEmpty()) {
            return OptionalLong.of(metric.get(0));
        }
        List<String> status = Jdbc.query(c, "SHOW ENGINE INNODB STATUS", rs -> rs.getString(3));
        return status.isEmpty() ? OptionalLong.empty() : parseStatus(status.get(0));
    }

    /** Pure: the number after "History list length" in SHOW ENGINE INNODB STATUS. */
    static OptionalLong parseStatus(String text) {
        Matcher m = IN_STATUS.matcher(text == null ? "" : text);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    static PreflightCheck judge(long length) {
        String n = String.format(Locale.ROOT, "%,d", length);
        if (length > WARN_ABOVE) {
            return PreflightCheck.warn(
                    NAME,
                    n
                            + ": purge is far behind (long-running or forgotten transactions);"
                            + " snapshot reads slow down and the copy's long snapshot makes it grow further",
                    "find the oldest transactions (SELECT * FROM information_schema.INNODB_TRX ORDER BY trx_started)"
                            + " and end them, or migrate at a quieter time");
        }
        return PreflightCheck.ok(NAME, n);
    }
}
