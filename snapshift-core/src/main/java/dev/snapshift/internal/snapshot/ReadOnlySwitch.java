package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.SourceChange;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the whole source read-only ({@code read_only}, and {@code super_read_only} where the server
 * has it, so that privileged users cannot write either) and restores the original values on close —
 * on success, failure, Ctrl-C and SIGTERM alike, from a fresh connection if the original one died.
 *
 * <p>The only writes snapshift ever makes to a source. The original values are read and recorded
 * durably in the run state (through a {@link SourceChangeLog}) before the lock is taken and the
 * switch made, so even a SIGKILL leaves a record that {@code status} shows and {@code migrate
 * --restore-source} undoes.
 */
public final class ReadOnlySwitch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlySwitch.class);

    private final Connections source;
    private final List<SourceChange> changes;
    private final SourceChangeLog log;
    private boolean enabled;
    private boolean restored;

    private ReadOnlySwitch(Connections source, List<SourceChange> changes, SourceChangeLog log) {
        this.source = source;
        this.changes = changes;
        this.log = log;
    }

    /**
     * Reads the current values and records the change to come (before any lock: the record must be
     * on disk before the source is touched). Nothing is changed yet.
     */
    static ReadOnlySwitch prepare(
            Connection c, Connections source, SourceChangeLog log, Clock clock) {
        try {
            List<SourceChange> changes = new ArrayList<>();
            if (hasSuperReadOnly(c)) {
                changes.add(
                        new SourceChange(
                                "super_read_only",
                                onOff(Jdbc.scalar(c, "SELECT @@global.super_read_only")),
                                "ON",
                                clock.instant(),
                                false));
            }
            changes.add(
                    0,
                    new SourceChange(
                            "read_only",
                            onOff(Jdbc.scalar(c, "SELECT @@global.read_only")),
                            "ON",
                            clock.instant(),
                            false));
            log.changing(changes);
            return new ReadOnlySwitch(source, changes, log);
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.SNAPSHOT,
                    "cannot read the source's read_only settings: " + MySqlErrors.describe(e),
                    e);
        }
    }

    /**
     * Makes the source read-only now, for the cutover of an online migration: records the change
     * (durably, before it is made), takes the global read lock with a bounded wait (so in-flight
     * writes finish and none starts), switches, and unlocks. The returned switch puts the original
     * values back when closed; a successful cutover leaves it on (the source stays read-only, and
     * the run state says so until {@code status --repair}).
     */
    public static ReadOnlySwitch engage(
            Connections source, SourceChangeLog log, Clock clock, java.time.Duration lockWait) {
        try (Connection c = source.open("cutover-read-only")) {
            ReadOnlySwitch s = prepare(c, source, log, clock);
            try (SourceLock lock =
                    GlobalReadLock.acquire(c, Locks.KillSwitch.watchdog(source), lockWait, clock)) {
                s.enable(c);
            } catch (RuntimeException e) {
                try {
                    s.close();
                } catch (RuntimeException restore) {
                    e.addSuppressed(restore);
                }
                throw e;
            }
            return s;
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.CATCHUP,
                    "cannot make the source read-only for the cutover: " + MySqlErrors.describe(e),
                    e);
        }
    }

    /**
     * Call while holding the global read lock on {@code c}: in-flight writes have finished, none
     * can start.
     */
    void enable(Connection c) {
        try {
            for (SourceChange change : changes) {
                Jdbc.execute(c, "SET GLOBAL " + change.setting() + " = ON");
                enabled = true; // from here on close() restores, whatever happens next
            }
            LOG.warn(
                    "the source server is read-only now ({}); it is restored when the migration ends",
                    describe(changes));
        } catch (SQLException e) {
            throw new SnapshiftException(
                    e.getErrorCode() == MySqlErrors.SPECIFIC_ACCESS_DENIED
                            ? ErrorCode.PREFLIGHT
                            : ErrorCode.SNAPSHOT,
                    "cannot make the source read-only: "
                            + MySqlErrors.describe(e)
                            + " (needs SUPER or SYSTEM_VARIABLES_ADMIN; or use --consistency snapshot)",
                    e);
        }
    }

    private static boolean hasSuperReadOnly(Connection c) throws SQLException {
        return !Jdbc.query(c, "SHOW GLOBAL VARIABLES LIKE 'super_read_only'", rs -> rs.getString(1))
                .isEmpty();
    }

    /**
     * Restores the original values. Idempotent; thread-safe (the shutdown path may race the normal
     * one).
     */
    @Override
    public synchronized void close() {
        if (restored) {
            return;
        }
        if (!enabled) {
            restored = true;
            log.restored(changes); // recorded but never made: nothing to put back
            return;
        }
        try (Connection c = source.open()) {
            restore(c, changes);
            restored = true;
            log.restored(changes);
            LOG.warn("the source server's read_only settings are restored ({})", describe(changes));
        } catch (SQLException | RuntimeException e) {
            throw new SnapshiftException(
                    ErrorCode.INTERNAL,
                    "could not restore read_only on the source: run "
                            + String.join("; ", restoreStatements(changes))
                            + " yourself ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * Puts the original values back: super_read_only before read_only (turning read_only OFF while
     * super_read_only is ON fails on MySQL).
     */
    public static void restore(Connection c, List<SourceChange> changes) throws SQLException {
        for (String statement : restoreStatements(changes)) {
            Jdbc.execute(c, statement);
        }
    }

    /** The statements that undo {@code changes}, in the order they must run. */
    public static List<String> restoreStatements(List<SourceChange> changes) {
        List<SourceChange> ordered = new ArrayList<>(changes);
        ordered.sort(
                (a, b) ->
                        Boolean.compare(
                                !a.setting().equals("super_read_only"),
                                !b.setting().equals("super_read_only")));
        return ordered.stream().map(SourceChange::restoreStatement).toList();
    }

    private static String describe(List<SourceChange> changes) {
        return String.join(
                ", ", changes.stream().map(c -> c.setting() + " was " + c.original()).toList());
    }

    static String onOff(String v) {
        return "1".equals(v) || "ON".equalsIgnoreCase(v) ? "ON" : "OFF";
    }
}
