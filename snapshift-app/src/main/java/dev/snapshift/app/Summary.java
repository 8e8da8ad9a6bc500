package dev.snapshift.app;

import dev.snapshift.api.CatchUpState;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.ReplicationCommands;
import dev.snapshift.api.Status;
import dev.snapshift.api.Verdict;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

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

    /** The online path: what the catch-up applied, and the cutover's evidence. */
    static void printOnline(MigrationState s, PrintWriter out) {
        CatchUpState c = s.catchUp();
        out.println(
                "Online catch-up (snapshift applied the binary log; no replication was configured on the"
                        + " target): from "
                        + c.start()
                        + " to "
                        + c.applied()
                        + ", "
                        + c.transactions()
                        + " transactions, "
                        + c.events()
                        + " row events, "
                        + c.rows()
                        + " rows; "
                        + c.insertsReplaced()
                        + " inserts replaced, "
                        + c.updatesMissing()
                        + " updates and "
                        + c.deletesMissing()
                        + " deletes found no row (the window overlapping the copy); "
                        + c.binlogReconnects()
                        + " binlog reconnects, "
                        + c.targetRetries()
                        + " target retries");
        if (!c.fullRowMatchTables().isEmpty()) {
            out.println(
                    "  tables without a key, matched by full row: "
                            + String.join(", ", c.fullRowMatchTables()));
        }
        c.ddl()
                .forEach(
                        d ->
                                out.println(
                                        "  schema change "
                                                + d.action()
                                                + " at "
                                                + d.position()
                                                + ": "
                                                + d.statement()));
        c.notes().forEach(n -> out.println("  note: " + n));
        CutoverState cut = s.cutover();
        if (cut == null) {
            out.println("Not cut over.");
            return;
        }
        out.println(
                "Cutover "
                        + cut.verdict()
                        + (cut.finalCoordinates() == null
                                ? ""
                                : ": final coordinates file "
                                        + cut.finalCoordinates().file()
                                        + ", position "
                                        + cut.finalCoordinates().position()
                                        + (cut.finalCoordinates().gtidSet() == null
                                                        || cut.finalCoordinates()
                                                                .gtidSet()
                                                                .isEmpty()
                                                ? ""
                                                : ", GTID set " + cut.finalCoordinates().gtidSet()))
                        + "; verify "
                        + cut.verify()
                        + "; writes stopped for "
                        + cut.writesStopped(s.finishedAt() == null ? Instant.now() : s.finishedAt())
                                .toMillis()
                        + " ms"
                        + (cut.readOnly() ? " (source set read-only by snapshift)" : ""));
        long equal = cut.tables().stream().filter(CutoverState.TableCheck::equal).count();
        if (!cut.tables().isEmpty()) {
            out.println("  tables equal on both servers: " + equal + " of " + cut.tables().size());
        }
        cut.tables().stream()
                .filter(t -> !t.equal())
                .forEach(
                        t ->
                                out.println(
                                        "  DIFFERS "
                                                + t.database()
                                                + "."
                                                + t.table()
                                                + ": source "
                                                + t.sourceRows()
                                                + " rows "
                                                + t.sourceDigest()
                                                + ", target "
                                                + t.targetRows()
                                                + " rows "
                                                + t.targetDigest()));
        cut.notes().forEach(n -> out.println("  " + n));
        if (cut.error() != null) {
            out.println("  cutover error: " + cut.error());
        }
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
                    s.endedBeforeAnyTable()
                            ? "Verification: NOT VERIFIED: the run ended before it copied any table."
                            : "Verification: NOT VERIFIED: "
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
            if (s.catchUp() != null) {
                printOnline(s, out);
            } else if (s.status() == Status.COMPLETED) {
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
        objects(s, out);
        transformations(s, out);
        if (s.error() != null) {
            out.println("Error: " + s.error());
        }
    }

    /** At most this many lines of a list; the rest is in the report. */
    static final int LIST_LIMIT = 25;

    static void objects(MigrationState s, PrintWriter out) {
        if (s.objects().isEmpty()) {
            return;
        }
        long created = s.objects().stream().filter(o -> o.status() == Status.COMPLETED).count();
        long skipped = s.objects().stream().filter(o -> o.status() == Status.SKIPPED).count();
        out.println(
                "Views, routines, triggers, events and accounts: "
                        + created
                        + " of "
                        + s.objects().size()
                        + " created"
                        + (skipped == 0 ? "" : ", " + skipped + " left as the target had them"));
        s.objects().stream()
                .filter(o -> o.status() == Status.FAILED)
                .forEach(o -> out.println("  FAILED " + o.label() + ": " + o.error()));
    }

    /** Every change made so that the target takes the source, the way the preflight listed them. */
    static void transformations(MigrationState s, PrintWriter out) {
        if (s.transformations().isEmpty()) {
            return;
        }
        out.println(
                s.transformations().size()
                        + " change(s) made so that the target takes the source:");
        s.transformations().stream()
                .limit(LIST_LIMIT)
                .forEach(t -> out.println("  " + t.describe()));
        if (s.transformations().size() > LIST_LIMIT) {
            out.println(
                    "  ... and "
                            + (s.transformations().size() - LIST_LIMIT)
                            + " more (every one is in the report)");
        }
    }
}
