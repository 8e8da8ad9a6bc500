package dev.snapshift.internal.snapshot;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Whether a transaction of the server waits for a row lock, as the lock tries ask it (see {@link
 * Locks#take}): between tries, and while a try of the global read lock waits.
 *
 * <p>Two sources, and why it matters which. {@code performance_schema.data_lock_waits} (MySQL 8.0
 * and later, with the Performance Schema on) is read from InnoDB's lock system at each query.
 * {@code information_schema.INNODB_TRX} (every other server) is served from a cache that InnoDB
 * refreshes only when it has not been read for 100 ms: asked every 20 ms, it never changes again
 * and keeps answering what it saw at the first look, for this process and for every other client of
 * the server (measured on 8.0.33: a transaction started while a client polled it every 20 ms was
 * missing from 30 reads of 30). So that source is asked no more often than {@link #CACHE_GAP}, and
 * each answer is then the server's state at that moment.
 */
final class RowLockWaits {
    /** More than InnoDB's 100 ms, so that each read of INNODB_TRX refreshes its cache. */
    static final Duration CACHE_GAP = Duration.ofMillis(110);

    private static final String LIVE = "SELECT COUNT(*) FROM performance_schema.data_lock_waits";
    private static final String CACHED =
            "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'";

    /**
     * A session's state column says it waits behind a global read lock (MariaDB: its backup lock).
     */
    private static String waitsForGlobalReadLock(String state) {
        return "("
                + state
                + " LIKE 'Waiting for global read lock%' OR "
                + state
                + " LIKE 'Waiting for backup lock%')";
    }

    /**
     * The row-lock waits whose lock's holder waits for the global read lock, live: the Performance
     * Schema names the holder's thread.
     */
    private static final String LIVE_CYCLES =
            "SELECT COUNT(*) FROM performance_schema.data_lock_waits w"
                    + " JOIN performance_schema.threads t ON t.THREAD_ID = w.BLOCKING_THREAD_ID"
                    + " WHERE "
                    + waitsForGlobalReadLock("t.PROCESSLIST_STATE");

    /**
     * The same from InnoDB's cache (the lock waits and the transactions come from one refresh of
     * it) and the live process list: MySQL 5.7 and MariaDB (MySQL 8.0 has no INNODB_LOCK_WAITS).
     */
    private static final String CACHED_CYCLES =
            "SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w"
                    + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id"
                    + " JOIN information_schema.PROCESSLIST p ON p.ID = b.trx_mysql_thread_id"
                    + " WHERE "
                    + waitsForGlobalReadLock("p.STATE");

    private final String count;
    private final long gapNanos;
    private volatile String cycles;
    private long lastAsked;
    private boolean asked;

    private RowLockWaits(String count, String cycles, Duration gap) {
        this.count = count;
        this.cycles = cycles;
        this.gapNanos = gap.toNanos();
    }

    /**
     * The source {@code c}'s server offers: the live one where the Performance Schema is on and
     * readable, the cached one otherwise. (Performance Schema tables answer empty, not with an
     * error, when it is off: hence the variable.)
     */
    static RowLockWaits on(Connection c) {
        try {
            if ("1".equals(Jdbc.scalar(c, "SELECT @@performance_schema"))) {
                Jdbc.scalar(c, LIVE);
                // the cycles' query is not tried here (a round trip just before the lock): its
                // first failure makes it the row-lock waits alone (globalReadLockCycle)
                return new RowLockWaits(LIVE, LIVE_CYCLES, Duration.ZERO);
            }
        } catch (SQLException e) {
            // MariaDB and 5.7 have no data_lock_waits; an account may not read it
        }
        // the cycles' query not tried here either: a read of the cache now would also hold its
        // next refresh back
        return new RowLockWaits(CACHED, CACHED_CYCLES, CACHE_GAP);
    }

    /**
     * Whether the global read lock waited for now is in a cycle the server does not see: a
     * transaction waits for a row lock whose holder's session waits for the global read lock. The
     * waiter's statement holds the global read lock up (it keeps its table in use); the holder
     * cannot commit, and so release the row, before the global read lock is had or given up. This
     * pair is how every such cycle closes (a cycle of row locks alone is InnoDB's deadlock to
     * break), and a row-lock waiter whose holder is merely running or idle is not one: its holder
     * may commit, and the lock then goes through. Read on {@code c} (to be called within {@link
     * #ifFresh}); null when the server cannot tell (MySQL 8.0 without the Performance Schema, an
     * account that may not read these tables): the caller then decides by the row-lock waits alone.
     */
    Boolean globalReadLockCycle(Connection c) throws SQLException {
        String sql = cycles;
        if (sql == null) {
            return null;
        }
        try {
            String n = Jdbc.scalar(c, sql);
            return n != null && Long.parseLong(n) > 0;
        } catch (SQLException e) {
            if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                throw e;
            }
            cycles = null; // asked once: the answer will not change
            return null;
        }
    }

    /** Whether each answer is read at the moment it is asked (no cache to wait for). */
    boolean live() {
        return gapNanos == 0;
    }

    /** The scalar subquery that counts the waiting transactions, to combine with other columns. */
    String countSql() {
        return count;
    }

    /**
     * How long until the next question gets a fresh answer: zero for the live source, else what is
     * left of {@link #CACHE_GAP} since the last one.
     */
    synchronized long nanosUntilFresh() {
        if (!asked) {
            return 0;
        }
        return Math.max(0, gapNanos - (System.nanoTime() - lastAsked));
    }

    /** A statement that reads the source (with whatever else its caller asks of the server). */
    @FunctionalInterface
    interface Read<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code read} if the source has a fresh answer now, and records when it ended (InnoDB
     * counts its 100 ms from the end of the last read), failed or not; null when not asked.
     */
    <T> T ifFresh(Read<T> read) throws SQLException {
        if (nanosUntilFresh() > 0) {
            return null;
        }
        try {
            return read.run();
        } finally {
            synchronized (this) {
                lastAsked = System.nanoTime();
                asked = true;
            }
        }
    }

    /**
     * The number of transactions waiting for a row lock, read now on {@code c}; null when the
     * source has no fresh answer yet.
     */
    Long waiting(Connection c) throws SQLException {
        return ifFresh(
                () -> {
                    String n = Jdbc.scalar(c, count);
                    return n == null ? 0L : Long.parseLong(n);
                });
    }
}
