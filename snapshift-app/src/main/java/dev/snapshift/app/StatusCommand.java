package dev.snapshift.app;

import dev.snapshift.Runs;
import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.SourceChange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Explain recorded migration runs, including runs that were killed or crashed.",
            "Without RUN_ID: every run, newest first, then the details of the newest."
        },
        footer = {
            "",
            "Exit codes: 0 run found, 2 unknown run id or no runs recorded in the state directory."
        })
final class StatusCommand implements Callable<Integer> {
    static final String WAITING = ProgressPrinter.WAITING;

    /** A help line of its own, so that the path is never broken across lines. */
    static final String DEFAULT_STATE_DIR =
            "(default: ~/.local/state/snapshift, or $XDG_STATE_HOME/snapshift)";

    @Spec CommandSpec spec;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {"Where migrate records its runs.", DEFAULT_STATE_DIR})
    Path stateDir;

    @Parameters(
            arity = "0..1",
            paramLabel = "RUN_ID",
            description = "The run to explain (default: the newest).")
    String runId;

    @Option(
            names = "--repair",
            description =
                    "Put back what the run changed on its source and did not restore (read_only /"
                            + " super_read_only left ON by a read-only run that was killed). Needs RUN_ID.")
    boolean repair;

    @Option(
            names = "--source",
            paramLabel = "URL",
            description =
                    "With --repair: the source, mysql://USER@HOST[:PORT]"
                            + " (default: the URL the run recorded; password from SNAPSHIFT_SOURCE_PASSWORD).")
    String source;

    @Override
    public Integer call() {
        Path dir = stateDir != null ? stateDir : Runs.defaultStateDir();
        PrintWriter out = spec.commandLine().getOut();
        if (repair) {
            return repair(dir, out);
        }
        List<RunRecord> runs = Runs.list(dir);
        if (runs.isEmpty()) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "no runs recorded in "
                            + dir.toAbsolutePath()
                            + " (missing or empty); point --state-dir at the directory migrate used");
        }
        RunRecord run = runs.get(0);
        if (runId == null) {
            printList(runs, dir, out);
            out.println();
        } else {
            run =
                    Runs.load(dir, runId)
                            .orElseThrow(
                                    () ->
                                            new SnapshiftException(
                                                    ErrorCode.USAGE,
                                                    "no run '"
                                                            + runId
                                                            + "' in "
                                                            + dir.toAbsolutePath()
                                                            + "; recorded runs, newest first: "
                                                            + String.join(
                                                                    ", ",
                                                                    runs.stream()
                                                                            .limit(5)
                                                                            .map(RunRecord::runId)
                                                                            .toList())
                                                            + (runs.size() > 5 ? ", ..." : "")));
        }
        printDetails(run, out);
        out.flush();
        return 0;
    }

    private int repair(Path dir, PrintWriter out) {
        if (runId == null) {
            throw new SnapshiftException(
                    ErrorCode.USAGE,
                    "--repair needs the RUN_ID whose changes to put back"
                            + " (see: snapshift status)");
        }
        RunRecord run =
                Runs.load(dir, runId)
                        .orElseThrow(
                                () ->
                                        new SnapshiftException(
                                                ErrorCode.USAGE,
                                                "no run '"
                                                        + runId
                                                        + "' in "
                                                        + dir.toAbsolutePath()));
        String url = source != null ? source : run.source();
        if (url == null) {
            throw new SnapshiftException(
                    ErrorCode.USAGE, "run " + runId + " recorded no source URL: give --source URL");
        }
        ConnectionSpec spec =
                ConnectionSpec.parse(
                        "source",
                        url.replace(":***@", "@"),
                        System.getenv("SNAPSHIFT_SOURCE_PASSWORD"));
        List<String> done = Runs.restoreSource(dir, runId, spec);
        if (done.isEmpty()) {
            out.println(
                    "Run " + runId + " left nothing changed on its source: nothing to restore.");
        } else {
            out.println(
                    "Restored on the source " + spec.address() + ": " + String.join("; ", done));
        }
        out.flush();
        return 0;
    }

    private static void printList(List<RunRecord> runs, Path dir, PrintWriter out) {
        out.println("Runs in " + dir.toAbsolutePath() + ", newest first:");
        String format = "  %-22s %-21s %-12s %-9s %-24s %-24s %s%n";
        out.printf(format, "RUN ID", "STARTED", "STATUS", "PHASE", "TARGET", "DATABASES", "ROWS");
        for (RunRecord r : runs) {
            MigrationState s = r.state();
            out.printf(
                    format,
                    r.runId(),
                    time(r.startedAt()),
                    displayStatus(r),
                    s == null ? "-" : s.phase().name(),
                    r.targetAddress(),
                    String.join(",", r.databases()),
                    s == null ? "-" : String.valueOf(s.totalRows()));
        }
    }

    /**
     * What the run's last record says, and INTERRUPTED when its process is gone before it finished.
     */
    static String displayStatus(RunRecord r) {
        String status = r.effectiveStatus();
        return sourceLeftChanged(r) ? status + " (SOURCE LEFT READ-ONLY)" : status;
    }

    /** The run is over (or dead) and settings it changed on the source are still changed. */
    static boolean sourceLeftChanged(RunRecord r) {
        return (r.finished() || r.interrupted()) && !r.unrestoredSourceChanges().isEmpty();
    }

    /** The loud part: what the run left changed on the source, and the exact way to undo it. */
    static String sourceWarning(RunRecord r) {
        List<SourceChange> left = r.unrestoredSourceChanges();
        String what =
                String.join(
                        ", ",
                        left.stream()
                                .map(
                                        c ->
                                                c.setting()
                                                        + "="
                                                        + c.applied()
                                                        + " (was "
                                                        + c.original()
                                                        + ")")
                                .toList());
        return "!!! THE SOURCE WAS LEFT READ-ONLY by this run: "
                + what
                + ". Its applications cannot write.\n"
                + "!!! Restore it: snapshift status --repair "
                + r.runId()
                + " (password in SNAPSHIFT_SOURCE_PASSWORD)\n"
                + "!!! or run on the source: "
                + String.join("; ", Runs.restoreStatements(left));
    }

    private static void printDetails(RunRecord r, PrintWriter out) {
        MigrationState s = r.state();
        out.println("Run " + r.runId() + " (" + r.directory().toAbsolutePath() + ")");
        out.println(
                "  status:      "
                        + displayStatus(r)
                        + (r.interrupted()
                                ? " (last recorded "
                                        + r.status()
                                        + "; process "
                                        + r.pid()
                                        + " is gone)"
                                : r.finished() ? "" : " (process " + r.pid() + " is running)"));
        out.println("  target:      " + (r.target() != null ? r.target() : r.targetAddress()));
        out.println("  source:      " + (r.source() != null ? r.source() : "-"));
        out.println(
                "  started:     "
                        + time(r.startedAt())
                        + (s != null && s.finishedAt() != null
                                ? ", finished " + time(s.finishedAt())
                                : ", last update " + time(r.updatedAt())));
        out.println("  phase:       " + (s == null ? "-" : s.phase().name()));
        out.println("  consistency: " + (s == null ? "-" : s.consistency()));
        out.println("  binlog:      " + binlog(r));
        out.println("  lock:        " + lock(r));
        out.println("  rows:        " + (s == null ? 0 : s.totalRows()));
        if (s != null && s.catchUp() != null) {
            out.println(
                    "  catch-up:    "
                            + ProgressPrinter.catchUpText(s.catchUp())
                                    .substring("catch-up: ".length()));
            if (s.catchUp().appliedEventTime() != null) {
                out.println(
                        "               last applied transaction committed on the source at "
                                + time(s.catchUp().appliedEventTime()));
            }
            if (s.cutover() != null) {
                out.println(
                        "  cutover:     "
                                + ProgressPrinter.cutoverText(s.cutover(), Instant.now())
                                        .replaceFirst("^cutover:? ?", ""));
            } else if (r.processAlive() && !r.finished()) {
                out.println(
                        "  cutover:     not requested; stop writes on the source, then: bin/snapshift"
                                + " cutover "
                                + r.runId());
            } else if (r.interrupted()) {
                out.println(
                        "  cutover:     not done; go on with: bin/snapshift migrate --online --resume "
                                + r.runId()
                                + " (same --source, --target, --databases)");
            }
        }
        if (s != null) {
            s.restarts()
                    .forEach(
                            x ->
                                    out.println(
                                            x.resume() == null
                                                    ? "  restarted:   " + x.at() + ": " + x.reason()
                                                    : "  resumed:     "
                                                            + x.at()
                                                            + ": "
                                                            + x.reason()
                                                            + "; kept "
                                                            + x.resume().keptChunks()
                                                            + " chunk(s) ("
                                                            + x.resume().keptRows()
                                                            + " rows) of "
                                                            + x.resume().from()
                                                            + ", replayed "
                                                            + x.resume().replayedEvents()
                                                            + " row event(s) up to "
                                                            + x.resume().to()
                                                            + ", copied again "
                                                            + x.resume().copiedRows()
                                                            + " rows"));
            if (s.errorCode() != null || s.error() != null) {
                out.println(
                        "  error:       "
                                + (s.errorCode() == null ? "COPY" : s.errorCode().name())
                                + ": "
                                + s.error());
            }
            s.databases().forEach(d -> printDatabase(d, out));
            Summary.objects(s, out);
            Summary.transformations(s, out);
        }
        if (sourceLeftChanged(r)) {
            out.println();
            out.println(sourceWarning(r));
        }
        String explanation = explanation(r);
        if (explanation != null) {
            out.println();
            out.println(explanation);
        }
    }

    private static void printDatabase(MigrationState.DatabaseState d, PrintWriter out) {
        out.println("  " + d.name() + ": " + d.status().label());
        for (MigrationState.TableState t : d.tables()) {
            out.printf(
                    "    %-30s %-12s %12d rows  %d/%d chunks  %d retries%s%n",
                    t.name(),
                    t.status().label(),
                    t.rows(),
                    t.chunksDone(),
                    t.chunksTotal(),
                    t.retries(),
                    t.error() != null ? "  - " + t.error() : "");
        }
    }

    private static String binlog(RunRecord r) {
        MigrationState s = r.state();
        BinlogCoordinates b = s == null ? null : s.binlog();
        if (b == null) {
            if (!r.finished()) {
                return WAITING;
            }
            return s.lock() != null
                    ? "none (the source has no binary log)"
                    : "none (no point in time was taken, or the source has no binary log)";
        }
        String gtid = b.gtidSet() == null ? "" : b.gtidSet();
        return "file "
                + b.file()
                + ", position "
                + b.position()
                + (gtid.isEmpty() ? "" : ", GTID set " + gtid);
    }

    private static String lock(RunRecord r) {
        if (!r.unrestoredSourceChanges().isEmpty()) {
            return "the source has been read-only since "
                    + time(r.unrestoredSourceChanges().get(0).at())
                    + (r.finished() || r.interrupted()
                            ? " and was NOT restored"
                            : " (restored when the run ends)");
        }
        MigrationState.LockTiming l = r.state() == null ? null : r.state().lock();
        if (l == null) {
            return r.finished() ? "none" : "not taken yet";
        }
        return "waited "
                + l.waitMillis()
                + " ms, held "
                + l.heldMillis()
                + " ms (writes on the source were blocked while it was held)";
    }

    /** What happened to a run that did not complete, and what to do about the target. */
    static String explanation(RunRecord r) {
        String dbs =
                r.databases().isEmpty()
                        ? "the selected databases"
                        : String.join(", ", r.databases());
        String partial =
                "The target may hold a partial copy of "
                        + dbs
                        + ". Run migrate again with --clean-target to drop those tables first"
                        + (r.state() != null && r.state().catchUp() == null
                                ? ", or keep its committed chunks: bin/snapshift migrate --resume "
                                        + r.runId()
                                        + " (same --source, --target, --databases)."
                                : ".");
        if (r.interrupted() && r.state() != null && r.state().catchUp() != null) {
            return "This online run did not finish: its process (pid "
                    + r.pid()
                    + ") is gone during the catch-up. The copy is complete and the target stores the"
                    + " applied position: go on with bin/snapshift migrate --online --resume "
                    + r.runId()
                    + " (same --source, --target, --databases), then cut over.";
        }
        if (r.interrupted()) {
            return "This run did not finish: its process (pid "
                    + r.pid()
                    + ") is gone — killed (SIGKILL?) or crashed. "
                    + (r.mayHavePartialCopy()
                            ? partial
                            : "It stopped in phase "
                                    + (r.state() == null ? "STARTING" : r.state().phase().name())
                                    + ", before writing anything to the target.");
        }
        if (r.finished() && r.mayHavePartialCopy()) {
            return "This run ended " + r.status() + ". " + partial;
        }
        return null;
    }

    /** An instant to the second, for reading ("-" when unknown). */
    private static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
