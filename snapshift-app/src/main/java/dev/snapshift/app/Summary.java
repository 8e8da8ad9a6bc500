package dev.snapshift.app;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.ReplicationCommands;
import dev.snapshift.api.Status;
import dev.snapshift.api.Verdict;
import java.io.PrintWriter;
import java.time.Duration;

/** The end-of-run summary on stdout. */
final class Summary {
    private Summary() {}

    /** What the consistency mode that ran means for the user, in plain words. */
    static String modeNote(ConsistencyMode consistency) {
        return switch (consistency) {
            case NONE ->
                    "WARNING: --consistency none: tables were read at different moments; the copy has no consistency"
                            + " guarantee and there are no coordinates to replicate from.";
            case READ_ONLY ->
                    "The whole source server (every database, not only the selected ones) was read-only during the"
                            + " copy; read_only and super_read_only are back to their original values.";
            case LOCK_TABLES ->
                    "Only the selected tables were locked while the snapshots started; writes to other tables went on.";
            case LOCKLESS ->
                    "No lock was taken: every snapshot session reported the same binlog position for its snapshot.";
            default -> null;
        };
    }

    /** The run's verdict in one line (and, on a mismatch, the keys of each table that differs). */
    static String verification(MigrationState s) {
        return switch (s.verdict()) {
            case OFF ->
                    "Verification: OFF (--no-verify): the copy was not compared with the source.";
            case VERIFIED ->
                    "Verification: VERIFIED: all "
                            + s.chunksVerified()
                            + " chunk(s) had the same row count and row digest on the source, inside the snapshot,"
                            + " and on the target.";
            case UNVERIFIED ->
                    "Verification: NOT VERIFIED: "
                            + unverified(s)
                            + " table(s) were not verified completely ("
                            + s.chunksVerified()
                            + " chunk(s) verified).";
            case MISMATCH -> {
                StringBuilder sb =
                        new StringBuilder(
                                "Verification: MISMATCH: chunks differed from the source after being copied twice:");
                s.databases()
                        .forEach(
                                d ->
                                        d.tables().stream()
                                                .filter(t -> t.verified() == Verdict.MISMATCH)
                                                .forEach(
                                                        t ->
                                                                sb.append("\n  ")
                                                                        .append(d.name())
                                                                        .append('.')
                                                                        .append(t.name())
                                                                        .append(": ")
                                                                        .append(
                                                                                String.join(
                                                                                        ", ",
                                                                                        t
                                                                                                .differingKeys()))));
                yield sb.toString();
            }
        };
    }

    private static long unverified(MigrationState s) {
        return s.databases().stream()
                .flatMap(d -> d.tables().stream())
                .filter(t -> t.status() != Status.SKIPPED && t.verified() != Verdict.VERIFIED)
                .count();
    }

    static void print(MigrationState s, MigrationConfig config, PrintWriter out) {
        out.println();
        long ms =
                s.finishedAt() == null
                        ? 0
                        : Duration.between(s.startedAt(), s.finishedAt()).toMillis();
        out.println(
                "Migration "
                        + s.status().name()
                        + " in "
                        + ms / 1000.0
                        + " s: "
                        + s.totalRows()
                        + " rows, "
                        + s.tableCount(Status.COMPLETED)
                        + " tables completed, "
                        + s.tableCount(Status.FAILED)
                        + " failed"
                        + " (consistency "
                        + s.consistency()
                        + ")");
        String note = modeNote(s.mode());
        if (note != null) {
            out.println(note);
        }
        if (s.lock() != null) {
            out.println(
                    "Source writes blocked for "
                            + s.lock().heldMillis()
                            + " ms (lock wait "
                            + s.lock().waitMillis()
                            + " ms)");
        }
        if (s.binlog() != null) {
            out.println(
                    "Snapshot binlog coordinates: file "
                            + s.binlog().file()
                            + ", position "
                            + s.binlog().position()
                            + (s.binlog().gtidSet().isEmpty()
                                    ? ""
                                    : ", GTID set " + s.binlog().gtidSet()));
            if (s.status() == Status.COMPLETED) {
                out.println("Start replication on the target from exactly this point:");
                out.println(
                        "  MySQL 8.0.23+: "
                                + ReplicationCommands.changeReplicationSource(
                                        s.binlog(), config.source()));
                out.println(
                        "  older/MariaDB: "
                                + ReplicationCommands.changeMaster(s.binlog(), config.source()));
                out.println(
                        "  Azure MySQL:   "
                                + ReplicationCommands.azureChangeMaster(
                                        s.binlog(), config.source()));
            }
        } else if (s.lock() != null) {
            out.println(
                    "The source has no binary log: there are no coordinates to start replication or CDC from.");
        }
        out.println(verification(s));
        s.databases()
                .forEach(
                        d ->
                                d.tables().stream()
                                        .filter(t -> t.status() == Status.FAILED)
                                        .forEach(
                                                t ->
                                                        out.println(
                                                                "  FAILED "
                                                                        + d.name()
                                                                        + "."
                                                                        + t.name()
                                                                        + ": "
                                                                        + t.error())));
        if (s.error() != null) {
            out.println("Error: " + s.error());
        }
    }
}
