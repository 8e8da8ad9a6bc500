package dev.snapshift.app;

import dev.snapshift.Runs;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "cutover",
        mixinStandardHelpOptions = true,
        description = {
            "Cut a running `migrate --online` over: apply the binary log up to the final position,"
                    + " compare both servers, create the triggers and enable the events.",
            "Stop the writes on the source first (or pass --read-only). Waits for the cutover to end and"
                    + " prints the final coordinates, the verdict and how long writes were stopped."
        },
        footer = {
            "",
            "Exit codes: 0 cut over (VERIFIED, or UNVERIFIED with --verify none), 2 usage (unknown or"
                    + " not running online run), 7 the cutover failed or found a table that differs."
        })
final class CutoverCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", description = "The online run (see: snapshift status).")
    String runId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {"Where migrate records its runs.", StatusCommand.DEFAULT_STATE_DIR})
    Path stateDir;

    @Option(
            names = "--read-only",
            description =
                    "snapshift sets the source read-only to stop the writes (restored if the cutover"
                            + " fails, left on when it succeeds); without it, stop the writes yourself first.")
    boolean readOnly;

    @Option(
            names = "--verify",
            defaultValue = "digest",
            paramLabel = "digest|counts|none",
            description =
                    "What is compared once the last change is applied: every row's bytes per table,"
                            + " rows per table, or nothing (default: ${DEFAULT-VALUE}).")
    String verify;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Longest wait for the last changes to be applied (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = stateDir != null ? stateDir : Runs.defaultStateDir();
        PrintWriter out = spec.commandLine().getOut();
        CutoverRequest request =
                new CutoverRequest(
                        Instant.now(), readOnly, CutoverRequest.Verify.parse(verify), timeout);
        RunRecord run = Runs.requestCutover(dir, runId, request);
        out.println(
                "Cutover of run "
                        + runId
                        + " requested"
                        + (readOnly
                                ? "; snapshift sets the source read-only"
                                : "; writes on the source must be stopped now")
                        + ". Waiting for it (pid "
                        + run.pid()
                        + ")...");
        out.flush();
        // the request's own timeout bounds the drain; the comparison reads every table, so the
        // wait here follows the run rather than a clock, and ends when the run ends or dies
        CutoverState.Verdict shown = null;
        while (true) {
            Optional<RunRecord> now = Runs.load(dir, runId);
            if (now.isEmpty()) {
                throw new SnapshiftException(ErrorCode.USAGE, "run " + runId + " disappeared");
            }
            RunRecord r = now.get();
            MigrationState s = r.state();
            CutoverState c = s == null ? null : s.cutover();
            boolean ours =
                    c != null
                            && c.requestedAt() != null
                            && !c.requestedAt().isBefore(request.requestedAt().minusMillis(1));
            if (ours && c.verdict() != shown) {
                shown = c.verdict();
                out.println(ProgressPrinter.cutoverText(c, Instant.now()));
                out.flush();
            }
            if (r.finished() || (ours && c.finishedAt() != null)) {
                return report(r, out);
            }
            if (r.interrupted()) {
                throw new SnapshiftException(
                        ErrorCode.CATCHUP,
                        "the online run's process "
                                + r.pid()
                                + " died during the cutover; the target keeps the applied position:"
                                + " bin/snapshift migrate --online --resume "
                                + runId
                                + ", then cut over again"
                                + (readOnly
                                        ? "; the source may be left read-only: bin/snapshift status "
                                                + runId
                                                + " --repair"
                                        : ""));
            }
            Thread.sleep(200);
        }
    }

    private int report(RunRecord r, PrintWriter out) {
        MigrationState s = r.state();
        out.println();
        if (s.catchUp() != null) {
            Summary.printOnline(s, out);
        }
        if (s.error() != null) {
            out.println("Error: " + s.error());
        }
        out.flush();
        CutoverState c = s.cutover();
        boolean ok =
                c != null
                        && (c.verdict() == CutoverState.Verdict.VERIFIED
                                || c.verdict() == CutoverState.Verdict.UNVERIFIED);
        return ok ? 0 : ErrorCode.CATCHUP.exitCode();
    }
}
