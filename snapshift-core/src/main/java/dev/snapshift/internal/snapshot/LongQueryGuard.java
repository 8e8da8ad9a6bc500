package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right before locking: a query running for long would make FLUSH TABLES WITH READ LOCK wait for
 * it, and every writer would wait behind the lock. Refuse, naming the queries, or kill them when
 * told to.
 */
public final class LongQueryGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LongQueryGuard.class);

    public record LongQuery(long id, String user, long seconds, String statement) {
        @Override
        public String toString() {
            return "id " + id + " user " + user + " running " + seconds + " s: " + statement;
        }
    }

    private LongQueryGuard() {}

    public static List<LongQuery> find(Connection c, Duration guard) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT ID, USER, TIME, LEFT(REPLACE(REPLACE(INFO, '\\n', ' '), '\\r', ' '), 80)"
                        + " FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO IS NOT NULL"
                        + " AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', 'Killed')"
                        + " AND TIME >= ? ORDER BY TIME DESC",
                rs -> new LongQuery(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                guard.toSeconds());
    }

    public static void enforce(Connection c, Duration guard, boolean kill) {
        try {
            List<LongQuery> found = find(c, guard);
            if (found.isEmpty()) {
                return;
            }
            if (!kill) {
                throw new SnapshiftException(
                        ErrorCode.PREFLIGHT,
                        found.size()
                                + " quer"
                                + (found.size() == 1 ? "y has" : "ies have")
                                + " run longer than the long-query guard ("
                                + guard.toSeconds()
                                + " s); locking now would stall every"
                                + " writer behind them: "
                                + found.stream()
                                        .map(LongQuery::toString)
                                        .collect(Collectors.joining("; "))
                                + ". Wait for them, raise --long-query-guard, or pass --kill-long-queries");
            }
            for (LongQuery q : found) {
                LOG.warn("killing long-running query {}", q);
                try {
                    Jdbc.execute(c, "KILL QUERY " + q.id());
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1094) { // unknown thread: it ended meanwhile
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "checking for long-running queries failed: " + MySqlErrors.describe(e),
                    e);
        }
    }
}
