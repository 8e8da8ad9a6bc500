package dev.snapshift.internal.catchup;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.schema.TableInfo;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the chunks a resume kept from the point in time they were copied at to a later one: the
 * source's binary log between the two, restricted to their key ranges ({@link ScopedChanges}), is
 * applied to the target with the catch-up's {@link Applier} — full row images, in commit order, one
 * target transaction per group with its position ({@link PositionTable}, a row of its own per run),
 * so a replay cut by a kill goes on from where the target says it got, never applying anything
 * twice. Stops before the first transaction at or after the later point.
 *
 * <p>A schema change of a migrated database between the two points, or a log that is gone (purged),
 * makes a resume impossible: {@link Impossible}, and the caller restarts from zero.
 */
public final class RangeReplay {
    private static final Logger LOG = LoggerFactory.getLogger(RangeReplay.class);

    /** Which rows the replay applies: those of the kept chunks. */
    public interface Scope {
        /** Every row of the table is kept (its only chunk was). */
        boolean whole(String database, String table);

        /** The row with this integer key falls in a kept range of the table. */
        boolean keeps(String database, String table, BigInteger key);
    }

    /** The replay cannot bring the kept chunks forward; a restart from zero can. */
    public static final class Impossible extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Impossible(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a replay applied (this process's part of it). */
    public record Result(long transactions, long events, long rows) {}

    private final String positionId;
    private final boolean skipBinlog;
    private final Duration networkTimeout;
    private final Clock clock;
    private final MigrationHooks hooks;
    private final PositionTable position;

    /**
     * @param runId the run: its replay keeps its position on the target under {@code runId +
     *     "/resume"}
     */
    public RangeReplay(
            String runId,
            boolean skipBinlog,
            Duration networkTimeout,
            Clock clock,
            MigrationHooks hooks) {
        this.positionId = runId + "/resume";
        this.skipBinlog = skipBinlog;
        this.networkTimeout = networkTimeout;
        this.clock = clock;
        this.hooks = hooks == null ? MigrationHooks.NONE : hooks;
        this.position = new PositionTable(positionId);
    }

    /**
     * Where an earlier replay of this run got to, as the target holds it (the kept chunks are of
     * that point then, whatever the chunk log says), or empty.
     */
    public Optional<BinlogCoordinates> stored(Connections target) {
        try (Connection c = target.open("resume")) {
            if (!positionTableExists(c)) {
                return Optional.empty();
            }
            return position.read(c).map(s -> s.position().coordinates(s.gtid()));
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.CONNECTION,
                    "reading the resume position on the target failed: " + MySqlErrors.describe(e),
                    e);
        }
    }

    private static boolean positionTableExists(Connection c) throws SQLException {
        return "1"
                .equals(
                        dev.snapshift.internal.jdbc.Jdbc.scalar(
                                c,
                                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                                PositionTable.SCHEMA,
                                PositionTable.TABLE));
    }

    /** Removes the replay's position row (the kept chunks are recorded at the new point). */
    public void forget(Connections target) {
        try (Connection c = target.open("resume")) {
            if (positionTableExists(c)) {
                position.drop(c);
            }
        } catch (SQLException e) {
            LOG.warn(
                    "could not remove the resume position row {} from {}: {}",
                    positionId,
                    PositionTable.QUALIFIED,
                    MySqlErrors.describe(e));
        }
    }

    /**
     * Applies the binary log from {@code from} (or from where an earlier replay of this run got) up
     * to {@code to} to the rows {@code scope} keeps.
     *
     * @param tables the migrated tables, as the snapshots read them
     * @throws Impossible when the log between the points is gone or holds a schema change
     */
    public Result run(
            Connections source,
            Connections target,
            List<TableInfo> tables,
            Scope scope,
            BinlogCoordinates from,
            BinlogCoordinates to)
            throws InterruptedException {
        TableRegistry registry = new TableRegistry(tables);
        BinlogPosition end = BinlogPosition.of(to);
        long transactions = 0;
        long events = 0;
        long rows = 0;
        try (Applier applier =
                new Applier(
                        target, registry, position, skipBinlog, CatchUpPhase.BATCH_BYTES, hooks)) {
            position.init(applier.connection(), BinlogPosition.of(from));
            BinlogPosition processed = applier.stored().orElseThrow().position();
            if (!processed.isBefore(end)) {
                return new Result(0, 0, 0);
            }
            LOG.info("resume: applying the binary log {} -> {} to the kept chunks", processed, end);
            try (BinlogStream stream =
                    new BinlogStream(
                                    source.spec(),
                                    CatchUpPhase.serverId(positionId),
                                    registry.databases(),
                                    processed,
                                    networkTimeout,
                                    clock)
                            .start()) {
                while (processed.isBefore(end)) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (!stream.received().isBefore(end) && stream.waiting() == 0) {
                        break; // everything up to the new point was read and applied
                    }
                    SourceTransaction first = stream.take(Duration.ofMillis(200));
                    if (first == null) {
                        continue;
                    }
                    if (!first.start().isBefore(end)) {
                        break;
                    }
                    if (first.statement() != null
                            && first.statement().kind() != Statements.Kind.TRIGGER_OR_EVENT) {
                        throw new Impossible(
                                "the source's schema changed between the two points in time (at "
                                        + first.start()
                                        + ": "
                                        + abbreviated(first.statement().text())
                                        + ")",
                                null);
                    }
                    List<SourceTransaction> group = new ArrayList<>();
                    group.add(scoped(first, registry, scope, applier));
                    int groupRows = first.rows();
                    while (group.size() < CatchUpPhase.GROUP_TRANSACTIONS
                            && groupRows < CatchUpPhase.GROUP_ROWS) {
                        SourceTransaction next = stream.peek();
                        if (next == null
                                || !next.start().isBefore(end)
                                || (next.statement() != null
                                        && next.statement().kind()
                                                != Statements.Kind.TRIGGER_OR_EVENT)) {
                            break;
                        }
                        group.add(scoped(stream.poll(), registry, scope, applier));
                        groupRows += next.rows();
                    }
                    ApplyStats.Delta d = applier.apply(group, t -> {});
                    transactions += group.size();
                    events += d.events();
                    rows += d.rows();
                    processed = group.get(group.size() - 1).end();
                }
            }
            return new Result(transactions, events, rows);
        } catch (BinlogStream.Failure e) {
            if (e.gone()) {
                throw new Impossible(
                        "the source's binary log from "
                                + from
                                + " is gone ("
                                + e.getMessage()
                                + ")",
                        e);
            }
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT,
                    "reading the binary log to bring the kept chunks forward failed: "
                            + e.getMessage(),
                    e);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "applying the binary log to the kept chunks failed: " + MySqlErrors.describe(e),
                    e);
        } catch (TableRegistry.ShapeMismatch e) {
            throw new Impossible(e.getMessage(), e);
        }
    }

    /** {@code t} with its row changes restricted to the scope. */
    private static SourceTransaction scoped(
            SourceTransaction t, TableRegistry registry, Scope scope, Applier applier)
            throws SQLException, TableRegistry.ShapeMismatch {
        List<SourceTransaction.RowsEvent> kept = new ArrayList<>();
        for (SourceTransaction.RowsEvent e : t.changes()) {
            ApplySql sql =
                    registry.lookup(e.database(), e.table(), e.columnCount(), applier.connection());
            if (sql != null) {
                kept.addAll(ScopedChanges.filter(e, sql.table(), scope));
            }
        }
        return new SourceTransaction(t.start(), t.end(), t.timestampMillis(), t.gtid(), kept, null);
    }

    private static String abbreviated(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
