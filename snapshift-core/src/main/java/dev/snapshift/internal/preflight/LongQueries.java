package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Queries running longer than {@code --long-query-guard}: a global read lock waits for them, and
 * every writer waits behind the lock. Only read here; killing them is the snapshot step's job, and
 * only with {@code --kill-long-queries}.
 */
final class LongQueries {
    static final String NAME = "long queries";
    static final String VISIBILITY = "process list";
    static final int STATEMENT_CHARS = 80;
    private static final Set<ConsistencyMode> LOCK_FREE =
            Set.of(ConsistencyMode.LOCKLESS, ConsistencyMode.NONE);

    /** One running statement from the process list. */
    record Query(long id, String user, long seconds, String statement) {
        String describe() {
            return "id "
                    + id
                    + ", user "
                    + user
                    + ", "
                    + seconds
                    + "s: "
                    + Texts.statement(statement, STATEMENT_CHARS);
        }
    }

    private LongQueries() {}

    /**
     * Statements (not Sleep, Daemon or Binlog Dump) running for at least {@code guardSeconds},
     * except our own.
     */
    static List<Query> find(Connection c, long guardSeconds) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT ID, USER, TIME, INFO FROM information_schema.PROCESSLIST"
                        + " WHERE COMMAND NOT IN ('Sleep', 'Daemon') AND COMMAND NOT LIKE 'Binlog Dump%'"
                        + " AND INFO IS NOT NULL AND TIME >= ? AND ID <> CONNECTION_ID() ORDER BY TIME DESC",
                rs -> new Query(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                guardSeconds);
    }

    static List<PreflightCheck> check(PreflightContext ctx) throws SQLException {
        long guard = ctx.config().longQueryGuard().toSeconds();
        Grants g = ctx.sourceFacts().grants();
        List<PreflightCheck> out = new ArrayList<>();
        List<Query> found = find(ctx.source(), guard);
        boolean mayKill =
                g.anyGlobal("SUPER", "CONNECTION_ADMIN", "CONNECTION ADMIN")
                        || found.stream().allMatch(q -> g.user().equals(q.user()));
        out.add(judge(found, guard, ctx.mode(), ctx.config().killLongQueries(), mayKill));
        if (!g.global("PROCESS")) {
            out.add(
                    PreflightCheck.warn(
                            VISIBILITY,
                            g.account()
                                    + " lacks PROCESS: queries of other users are invisible,"
                                    + " so the long-query guard cannot see what would stall the lock",
                            g.grantStatement("PROCESS", "*.*")));
        }
        return out;
    }

    /** Pure: the line for what was found. */
    static PreflightCheck judge(
            List<Query> found,
            long guardSeconds,
            ConsistencyMode mode,
            boolean kill,
            boolean mayKill) {
        String guard = "--long-query-guard " + guardSeconds + "s";
        if (found.isEmpty()) {
            return PreflightCheck.ok(NAME, "none running longer than " + guard);
        }
        String what =
                Texts.count(found.size(), "query", "queries") + " running longer than " + guard;
        String list =
                ": "
                        + String.join(
                                "; ",
                                found.stream().limit(Texts.MAX_NAMES).map(Query::describe).toList())
                        + (found.size() > Texts.MAX_NAMES
                                ? "; ... (" + (found.size() - Texts.MAX_NAMES) + " more)"
                                : "");
        if (LOCK_FREE.contains(mode)) {
            return PreflightCheck.ok(
                    NAME,
                    what + ", but " + mode.cliName() + " takes no lock for them to stall" + list);
        }
        if (kill && !mayKill) {
            return PreflightCheck.fail(
                    NAME,
                    what
                            + "; --kill-long-queries is set, but the account may only kill its own"
                            + " queries"
                            + list,
                    "GRANT CONNECTION_ADMIN (MariaDB: CONNECTION ADMIN, or SUPER) to the source"
                            + " account, or end them yourself (KILL QUERY <id>)");
        }
        if (kill) {
            return PreflightCheck.warn(
                    NAME,
                    what + " will be killed before locking (--kill-long-queries)" + list,
                    "drop --kill-long-queries to keep them, and wait for them to finish");
        }
        return PreflightCheck.fail(
                NAME,
                what + ": the lock would wait for them, and every writer behind the lock" + list,
                "wait for them to finish or end them (KILL QUERY <id>), raise --long-query-guard, or pass"
                        + " --kill-long-queries to have snapshift kill them before locking");
    }
}
