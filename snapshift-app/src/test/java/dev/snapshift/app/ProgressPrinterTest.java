package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    static MigrationState state() {
        return new MigrationState(
                Phase.COPY,
                Status.IN_PROGRESS,
                "SNAPSHOT",
                new dev.snapshift.api.BinlogCoordinates("binlog.000002", 4711, ""),
                new MigrationState.LockTiming(2, 9),
                List.of(
                        new DatabaseState(
                                "shop",
                                Status.IN_PROGRESS,
                                List.of(
                                        new TableState(
                                                "orders",
                                                Status.IN_PROGRESS,
                                                600,
                                                1000,
                                                3,
                                                5,
                                                0,
                                                null),
                                        new TableState(
                                                "lines",
                                                Status.RETRYING,
                                                100,
                                                1000,
                                                1,
                                                5,
                                                1,
                                                "source: [2013] Lost connection"),
                                        new TableState(
                                                "users",
                                                Status.COMPLETED,
                                                400,
                                                400,
                                                1,
                                                1,
                                                0,
                                                null)))),
                Instant.now(),
                null,
                null,
                null,
                List.of());
    }

    /**
     * A change signalled by the run is printed on that signal: here the signal is the only way the
     * printer looks again (its wait never times out), so the line can only come from it.
     */
    @Test
    void aSignalledChangeIsPrintedOnTheSignal() throws Exception {
        java.util.concurrent.Semaphore signal = new java.util.concurrent.Semaphore(0);
        java.util.concurrent.atomic.AtomicReference<Status> table =
                new java.util.concurrent.atomic.AtomicReference<>(Status.QUEUED);
        StringWriter log = new StringWriter();
        ProgressPrinter p =
                ProgressPrinter.start(
                        () ->
                                ended(
                                        Phase.COPY,
                                        "SNAPSHOT",
                                        new MigrationState.LockTiming(1, 2),
                                        table.get()),
                        () -> null,
                        (seen, maxMillis) -> {
                            signal.acquire();
                            return seen + 1;
                        },
                        new PrintWriter(log, true),
                        false);
        try {
            awaitLine(log, "binlog position"); // the first look, before the change
            assertThat(log.toString()).doesNotContain("In progress");
            table.set(Status.IN_PROGRESS);
            signal.release();
            awaitLine(log, "shop.orders: In progress");
        } finally {
            p.stop();
        }
    }

    private static void awaitLine(StringWriter log, String text) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!log.toString().contains(text) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(log.toString()).contains(text);
    }

    @Test
    void barShowsOverallAndActiveTables() {
        assertThat(ProgressPrinter.bar(state()))
                .isEqualTo(
                        "[#########-----------]  45%  1100 rows | orders 60% | lines 10% retrying");
    }

    @Test
    void interactiveTerminalGetsTheBarRedrawnInPlaceAndPlainOutputNone() throws Exception {
        StringWriter tty = new StringWriter();
        ProgressPrinter p =
                ProgressPrinter.start(ProgressPrinterTest::state, new PrintWriter(tty, true), true);
        Thread.sleep(700);
        p.stop();
        assertThat(tty.toString())
                .contains("[#########-----------]")
                .contains("\r\033[K")
                .contains("shop.lines: Retrying - source: [2013] Lost connection");
        StringWriter log = new StringWriter();
        ProgressPrinter q =
                ProgressPrinter.start(
                        ProgressPrinterTest::state, new PrintWriter(log, true), false);
        Thread.sleep(300);
        q.stop();
        assertThat(log.toString())
                .doesNotContain("[###")
                .doesNotContain("\033")
                .contains("binlog position: binlog.000002:4711");
    }

    static MigrationState ended(
            Phase phase, String consistency, MigrationState.LockTiming lock, Status table) {
        int chunks = table == Status.QUEUED || table == Status.FAILED && lock == null ? 0 : 1;
        return new MigrationState(
                phase,
                phase == Phase.DONE ? Status.FAILED : Status.IN_PROGRESS,
                consistency,
                null,
                lock,
                List.of(
                        new DatabaseState(
                                "shop",
                                table,
                                List.of(
                                        new TableState(
                                                "orders",
                                                table,
                                                0,
                                                10,
                                                0,
                                                chunks,
                                                0,
                                                table == Status.FAILED
                                                        ? "not copied: preflight failed"
                                                        : null)))),
                Instant.now(),
                phase == Phase.DONE ? Instant.now() : null,
                null,
                null,
                List.of());
    }

    @Test
    void theSourceHasNoBinaryLogOnlyWhenASnapshotWasTakenOnIt() {
        // failed before the snapshot: connection refused, preflight refusal
        assertThat(
                        ProgressPrinter.binlogText(
                                ended(Phase.PREFLIGHT, "SNAPSHOT", null, Status.QUEUED)))
                .isEqualTo(ProgressPrinter.WAITING);
        assertThat(ProgressPrinter.binlogText(ended(Phase.DONE, "SNAPSHOT", null, Status.QUEUED)))
                .isEqualTo("none (no point in time was taken)");
        assertThat(ProgressPrinter.binlogText(ended(Phase.DONE, "SNAPSHOT", null, Status.FAILED)))
                .as("a preflight refusal ends every table FAILED, none of them planned")
                .isEqualTo("none (no point in time was taken)");
        // a snapshot taken on a source without binary log
        MigrationState.LockTiming lock = new MigrationState.LockTiming(1, 5);
        assertThat(
                        ProgressPrinter.binlogText(
                                ended(Phase.COPY, "SNAPSHOT", lock, Status.IN_PROGRESS)))
                .isEqualTo("none (the source has no binary log)");
        assertThat(ProgressPrinter.binlogText(ended(Phase.DONE, "SNAPSHOT", lock, Status.FAILED)))
                .isEqualTo("none (the source has no binary log)");
        assertThat(
                        ProgressPrinter.binlogText(
                                ended(Phase.DONE, "LOCKLESS", null, Status.COMPLETED)))
                .isEqualTo("none (the source has no binary log)");
        assertThat(ProgressPrinter.binlogText(ended(Phase.DONE, "NONE", null, Status.COMPLETED)))
                .isEqualTo("none (--consistency none holds no point in time)");
        assertThat(ProgressPrinter.binlogText(state())).isEqualTo("binlog.000002:4711");
    }

    @Test
    void aRunRefusedBeforeItsSnapshotNeverClaimsTheSourceHasNoBinaryLog() throws Exception {
        StringWriter log = new StringWriter();
        ProgressPrinter p =
                ProgressPrinter.start(
                        () -> ended(Phase.DONE, "SNAPSHOT", null, Status.QUEUED),
                        new PrintWriter(log, true),
                        false);
        p.stop();
        assertThat(log.toString())
                .contains("binlog position: none (no point in time was taken)")
                .doesNotContain("no binary log");
    }

    static dev.snapshift.api.CatchUpState catchUp(long secondsBehind, long bytesBehind) {
        return new dev.snapshift.api.CatchUpState(
                "STOP",
                new dev.snapshift.api.BinlogCoordinates("binlog.000002", 4711, ""),
                new dev.snapshift.api.BinlogCoordinates("binlog.000003", 912, ""),
                null,
                secondsBehind,
                bytesBehind,
                null,
                851.4,
                1702.6,
                5000,
                9000,
                18000,
                0,
                0,
                0,
                List.of(),
                List.of(),
                2,
                0,
                null,
                List.of());
    }

    @Test
    void catchUpLineShowsTheLagTheRatesAndThePosition() {
        assertThat(ProgressPrinter.catchUpText(catchUp(3, 40_960)))
                .isEqualTo(
                        "catch-up: 3 s behind, 40960 bytes behind | 851 events/s, 1703 rows/s |"
                                + " applied binlog.000003:912 | 5000 transactions, 9000 events |"
                                + " 2 binlog reconnects, 0 target retries");
        assertThat(ProgressPrinter.catchUpText(catchUp(-1, -1)))
                .as("not known yet")
                .startsWith("catch-up: ? s behind, ? bytes behind |");
    }

    @Test
    void cutoverLineSaysTheVerdictTheFinalPositionAndHowLongWritesStopped() {
        Instant stopped = Instant.parse("2026-11-30T12:00:00Z");
        dev.snapshift.api.CutoverState done =
                new dev.snapshift.api.CutoverState(
                        stopped,
                        false,
                        stopped,
                        stopped.plusMillis(1234),
                        new dev.snapshift.api.BinlogCoordinates("binlog.000003", 999, ""),
                        "DIGEST",
                        dev.snapshift.api.CutoverState.Verdict.VERIFIED,
                        List.of(),
                        List.of(),
                        null);
        assertThat(ProgressPrinter.cutoverText(done, stopped.plusSeconds(60)))
                .isEqualTo(
                        "cutover VERIFIED at final position binlog.000003:999; writes were stopped"
                                + " for 1234 ms");
    }
}
