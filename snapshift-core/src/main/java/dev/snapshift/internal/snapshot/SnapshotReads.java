package dev.snapshift.internal.snapshot;

import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.concurrent.Threads;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads inside the snapshot outside the copy (the schema, planning, schema objects), on any live
 * session of the point in time. A session that dies under a read is marked lost and the read runs
 * again, whole, on another session of the same snapshot: every session sees the same instant, so
 * the answer is the same. Only when no session is left is the point in time lost. Call only while
 * no copy worker runs: a session serves one thread at a time.
 */
public final class SnapshotReads {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReads.class);

    /**
     * One read; may run more than once (on another session), so it must not keep state between
     * attempts.
     */
    @FunctionalInterface
    public interface Read<T> {
        T run(Connection session) throws SQLException;
    }

    private final Snapshot snapshot;
    private final MigrationHooks hooks;

    public SnapshotReads(Snapshot snapshot, MigrationHooks hooks) {
        this.snapshot = snapshot;
        this.hooks = hooks;
    }

    /**
     * @param what what is read, for messages ("read the schema of shop")
     * @param point the checkpoint reached before each attempt, with the session's index (for fault
     *     tests)
     * @throws PointInTimeLost when no session of the snapshot is left
     * @throws SnapshiftException COPY when the source refuses the read for another reason than a
     *     lost connection
     */
    public <T> T read(String what, Checkpoint point, Read<T> read) {
        while (true) {
            SnapshotSession s = snapshot.liveSession();
            if (s == null) {
                throw new PointInTimeLost(
                        "point-in-time sync lost: no snapshot session is left to " + what);
            }
            try {
                checkpoint(point, s.index());
                return read.run(s.connection());
            } catch (SQLException e) {
                if (MySqlErrors.classify(e) != MySqlErrors.Kind.CONNECTION_LOST && s.isAlive()) {
                    throw refused(what, e);
                }
                s.markLost();
                LOG.warn(
                        "source session {} was lost while it read, to {} ({}); reading again on another session of the"
                                + " same snapshot",
                        s.index(),
                        what,
                        MySqlErrors.describe(e));
            }
        }
    }

    /** One read of many: {@code item} on {@code session}. */
    @FunctionalInterface
    public interface ItemRead<I, T> {
        T run(I item, Connection session) throws SQLException;
    }

    /** What one item's read gave: its value, or the source's refusal of it. */
    public record Outcome<T>(T value, SnapshiftException refused) {}

    /**
     * Reads every item, on up to {@code parallel} sessions of the snapshot at once, each thread on
     * a session of its own: the same answers as {@link #read} item after item, in the items' order,
     * in a fraction of the time when there are many (a database of hundreds of tables planned one
     * table after another spent seconds in round trips). A session lost under a read is marked lost
     * and the read runs again on another session; a refusal ends only its own item.
     *
     * @throws PointInTimeLost when no session of the snapshot is left
     */
    public <I, T> List<Outcome<T>> readEach(
            List<I> items,
            int parallel,
            Function<I, String> what,
            Checkpoint point,
            ItemRead<I, T> read) {
        int threads = Math.max(1, Math.min(parallel, items.size()));
        List<Outcome<T>> out = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        if (threads == 1) {
            for (int i = 0; i < items.size(); i++) {
                I item = items.get(i);
                try {
                    out.set(
                            i,
                            new Outcome<>(
                                    read(what.apply(item), point, c -> read.run(item, c)), null));
                } catch (PointInTimeLost lost) {
                    throw lost;
                } catch (SnapshiftException refused) {
                    out.set(i, new Outcome<>(null, refused));
                }
            }
            return out;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> stop = new AtomicReference<>();
        Set<SnapshotSession> leased = new HashSet<>();
        Runnable worker =
                () -> {
                    SnapshotSession s = null;
                    try {
                        int i;
                        while (stop.get() == null && (i = next.getAndIncrement()) < items.size()) {
                            I item = items.get(i);
                            while (true) {
                                if (s == null) {
                                    s = lease(leased);
                                    if (s == null) {
                                        throw new PointInTimeLost(
                                                "point-in-time sync lost: no snapshot session is"
                                                        + " left to "
                                                        + what.apply(item));
                                    }
                                }
                                try {
                                    checkpoint(point, s.index());
                                    out.set(i, new Outcome<>(read.run(item, s.connection()), null));
                                    break;
                                } catch (SQLException e) {
                                    if (MySqlErrors.classify(e) != MySqlErrors.Kind.CONNECTION_LOST
                                            && s.isAlive()) {
                                        out.set(
                                                i,
                                                new Outcome<>(null, refused(what.apply(item), e)));
                                        break;
                                    }
                                    s.markLost();
                                    LOG.warn(
                                            "source session {} was lost while it read, to {} ({});"
                                                    + " reading again on another session of the"
                                                    + " same snapshot",
                                            s.index(),
                                            what.apply(item),
                                            MySqlErrors.describe(e));
                                    release(leased, s);
                                    s = null;
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        stop.compareAndSet(null, e);
                    } finally {
                        if (s != null) {
                            release(leased, s);
                        }
                    }
                };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            helpers.add(Threads.start("snapshift-reads-" + t, worker));
        }
        worker.run();
        Threads.joinAll(helpers); // the reads are short; none may outlive this call
        if (stop.get() != null) {
            throw stop.get();
        }
        return out;
    }

    /**
     * A live session no other thread of {@link #readEach} holds; waits while every live one is
     * held. Null when none is alive any more.
     */
    private SnapshotSession lease(Set<SnapshotSession> leased) {
        synchronized (leased) {
            while (true) {
                boolean anyAlive = false;
                for (int i = 0; i < snapshot.sessionCount(); i++) {
                    SnapshotSession s = snapshot.workerSessionOrSpare(i);
                    if (leased.contains(s)) {
                        anyAlive |= s.state() == SnapshotSession.State.IN_SNAPSHOT;
                    } else if (s.isAlive()) {
                        leased.add(s);
                        return s;
                    }
                }
                if (!anyAlive) {
                    return null;
                }
                try {
                    leased.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    private static void release(Set<SnapshotSession> leased, SnapshotSession s) {
        synchronized (leased) {
            leased.remove(s);
            leased.notifyAll();
        }
    }

    private static SnapshiftException refused(String what, SQLException e) {
        return new SnapshiftException(
                ErrorCode.COPY,
                "the source refused to "
                        + what
                        + " inside the snapshot: "
                        + MySqlErrors.describeSourceRead(e),
                e);
    }

    private void checkpoint(Checkpoint point, int session) {
        try {
            hooks.reached(point, session);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SnapshiftException(
                    ErrorCode.INTERNAL, "hook at " + point + " failed: " + e, e);
        }
    }
}
