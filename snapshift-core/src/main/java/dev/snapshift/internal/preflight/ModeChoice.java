package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.internal.jdbc.ServerInfo;

/**
 * Which consistency mode a run will use: the requested one, or for {@code auto} the strongest the
 * source and the account allow: {@code snapshot} with RELOAD, else {@code lockless} where the
 * server proves each snapshot's binlog position (and nothing must be copied under a lock), else
 * {@code lock-tables}. A pure function, shared by the preflight and whoever resolves auto.
 */
public final class ModeChoice {
    private ModeChoice() {}

    /**
     * @param mayFlush the account may run FLUSH TABLES WITH READ LOCK ({@link #mayFlush})
     * @param provesPosition the server reports each snapshot's binlog position ({@code
     *     binlog_snapshot_file})
     * @param logBin the binary log is on: without it there is no position to prove anything with
     * @param needsLock tables must be copied under a lock ({@code --non-transactional=lock} with
     *     such tables): lockless holds none
     */
    public static ConsistencyMode effective(
            ConsistencyMode requested,
            boolean mayFlush,
            boolean provesPosition,
            boolean logBin,
            boolean needsLock) {
        if (requested != ConsistencyMode.AUTO) {
            return requested;
        }
        if (mayFlush) {
            return ConsistencyMode.SNAPSHOT;
        }
        return provesPosition && logBin && !needsLock
                ? ConsistencyMode.LOCKLESS
                : ConsistencyMode.LOCK_TABLES;
    }

    /** RELOAD, or FLUSH_TABLES on MySQL 8.0.23 and later. */
    public static boolean mayFlush(Grants grants, ServerInfo server) {
        return grants.global("RELOAD")
                || (!server.mariaDb() && server.atLeast(8, 0, 23) && grants.global("FLUSH_TABLES"));
    }

    /** The mode the facts lead to. */
    static ConsistencyMode effective(
            ConsistencyMode requested, ServerFacts source, boolean needsLock) {
        return effective(
                requested,
                mayFlush(source.grants(), source.info()),
                source.provesSnapshotPosition(),
                source.logBin(),
                needsLock);
    }
}
