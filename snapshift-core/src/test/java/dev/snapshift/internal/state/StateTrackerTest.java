package dev.snapshift.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.MigrationReport;
import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateTrackerTest {
    final StateTracker tracker =
            new StateTracker(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    /**
     * The terminal prints a table's new status when it happens: a waiter wakes at each status
     * change, the coordinates, the end; rows and chunks that change no status do not wake it.
     */
    @Test
    void aWaiterWakesAtEachChangeADisplayShowsAtOnce() throws Exception {
        tracker.tables("shop", List.of("a"), List.of(10L));
        tracker.planned("shop", "a", 2);
        long seen = tracker.awaitChange(0, 0);
        assertThat(seen).isPositive();
        java.util.concurrent.ExecutorService waiter =
                java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            long before = seen;
            java.util.concurrent.Future<Long> woke =
                    waiter.submit(() -> tracker.awaitChange(before, 60_000));
            tracker.started("shop", "a");
            seen = woke.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(seen).as("woken by the table going in progress").isGreaterThan(before);

            tracker.committed("shop", "a", 5, true); // 1 of 2 chunks: still in progress
            tracker.streaming("shop", "a", 7);
            assertThat(tracker.awaitChange(seen, 0)).as("no status changed").isEqualTo(seen);

            tracker.committed("shop", "a", 5, true);
            long completed = tracker.awaitChange(seen, 0);
            assertThat(completed).as("completed").isGreaterThan(seen);
            tracker.binlog(new BinlogCoordinates("binlog.000001", 4, ""));
            long binlog = tracker.awaitChange(completed, 0);
            assertThat(binlog).as("the coordinates").isGreaterThan(completed);
            tracker.finish(null, null);
            assertThat(tracker.awaitChange(binlog, 0)).as("the end").isGreaterThan(binlog);
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void tableLifecycleAndDatabaseAggregate() {
        tracker.tables("shop", List.of("a", "b"), List.of(10L, 20L));
        tracker.planned("shop", "a", 2);
        tracker.planned("shop", "b", 1);
        assertThat(tracker.snapshot().databases().get(0).status()).isEqualTo(Status.QUEUED);
        tracker.started("shop", "a");
        tracker.committed("shop", "a", 5, true);
        assertThat(tracker.snapshot().databases().get(0).tables().get(0).status())
                .isEqualTo(Status.IN_PROGRESS);
        tracker.retrying("shop", "a", "source: [2013] Lost connection");
        MigrationState s = tracker.snapshot();
        assertThat(s.databases().get(0).status()).isEqualTo(Status.RETRYING);
        assertThat(s.databases().get(0).tables().get(0).retries()).isEqualTo(1);
        tracker.retrying("shop", "a", "source: [2013] Lost connection again");
        assertThat(tracker.snapshot().databases().get(0).tables().get(0).errors())
                .containsExactly(
                        "source: [2013] Lost connection", "source: [2013] Lost connection again");
        tracker.committed("shop", "a", 5, true);
        tracker.started("shop", "b");
        tracker.committed("shop", "b", 20, true);
        tracker.finish(null, null);
        s = tracker.snapshot();
        assertThat(s.status()).isEqualTo(Status.COMPLETED);
        assertThat(s.databases().get(0).status()).isEqualTo(Status.COMPLETED);
        assertThat(s.totalRows()).isEqualTo(30);
    }

    @Test
    void failedTableFailsTheMigrationAndUnfinishedTablesAreMarked() {
        tracker.tables("shop", List.of("a", "b"), List.of(10L, 20L));
        tracker.planned("shop", "a", 1);
        tracker.failed("shop", "a", "target: [1406] Data too long");
        tracker.finish(ErrorCode.COPY, "copy failed");
        MigrationState s = tracker.snapshot();
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.databases().get(0).tables().get(1).status()).isEqualTo(Status.FAILED);
        assertThat(s.databases().get(0).tables().get(1).error()).contains("not copied");
    }

    @Test
    void binlogIsNullUntilKnown() {
        assertThat(tracker.snapshot().binlog()).isNull();
        tracker.binlog(new BinlogCoordinates("binlog.000003", 4711, ""));
        assertThat(tracker.snapshot().binlog().position()).isEqualTo(4711);
    }

    @Test
    void everySchemaObjectHasItsOwnOutcomeInTheStateAndTheReport() throws Exception {
        tracker.tables("shop", List.of("a"), List.of(1L));
        String legacy = "STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER";
        tracker.objects(
                List.of(
                        new ObjectState(
                                "shop",
                                "VIEW",
                                "v",
                                Status.QUEUED,
                                "",
                                null,
                                "app@%",
                                null,
                                List.of(),
                                null),
                        new ObjectState(
                                "shop",
                                "FUNCTION",
                                "f",
                                Status.QUEUED,
                                legacy,
                                null,
                                "app@%",
                                null,
                                List.of(),
                                null)));
        assertThat(tracker.snapshot().objects())
                .extracting(ObjectState::status)
                .containsOnly(Status.QUEUED);
        tracker.object(
                new ObjectState(
                        "shop",
                        "FUNCTION",
                        "f",
                        Status.COMPLETED,
                        legacy,
                        "STRICT_TRANS_TABLES",
                        "app@%",
                        "admin@%",
                        List.of("created with the target user admin@% as its definer"),
                        null));
        tracker.object(
                new ObjectState(
                        "shop",
                        "VIEW",
                        "v",
                        Status.FAILED,
                        "",
                        "",
                        "app@%",
                        null,
                        List.of(),
                        "[1146] Table 'x.t' doesn't exist"));
        MigrationState s = tracker.snapshot();
        assertThat(s.objects())
                .extracting(ObjectState::label)
                .containsExactly("view shop.v", "function shop.f");
        ObjectState f = s.objects().get(1);
        assertThat(f.sqlModeTranslated()).isTrue();
        assertThat(f.definerChanged()).isTrue();
        assertThat(s.objects().get(0).sqlModeTranslated()).isFalse();

        JsonNode report = new ObjectMapper().readTree(MigrationReport.render(s, null));
        assertThat(report.path("objects")).hasSize(2);
        assertThat(report.path("objects").get(0).path("error").asText())
                .isEqualTo("[1146] Table 'x.t' doesn't exist");
        assertThat(report.path("objects").get(1).path("sqlModeTranslated").path("from").asText())
                .isEqualTo(legacy);
        assertThat(report.path("objects").get(1).path("sqlModeTranslated").path("to").asText())
                .isEqualTo("STRICT_TRANS_TABLES");
        assertThat(report.path("objects").get(1).path("definerChanged").path("to").asText())
                .isEqualTo("admin@%");

        tracker.restarted("all sessions lost");
        assertThat(tracker.snapshot().objects()).isEmpty(); // read again in the new snapshot
    }

    @Test
    void aResumeKeepsTheKeptChunksCountsTheRowsCopiedSinceAndTravelsThroughTheJson() {
        tracker.tables("shop", List.of("a", "b"), List.of(10L, 20L));
        tracker.planned("shop", "a", 4);
        tracker.committed("shop", "a", 7, true);
        BinlogCoordinates p1 = new BinlogCoordinates("binlog.000001", 100, "");
        BinlogCoordinates p2 = new BinlogCoordinates("binlog.000001", 900, "");
        tracker.binlog(p1);
        tracker.resumedAt(
                "point-in-time sync lost", p1, java.util.Map.of("shop.a", new long[] {1, 7}));
        tracker.binlog(p2);
        tracker.plannedAfterResume("shop", "a", 3);
        tracker.plannedAfterResume("shop", "b", 1);
        tracker.resumeReplayed(p2, 4, 5, 6);
        tracker.committed("shop", "a", 3, true);
        tracker.committed("shop", "a", 2, true);
        tracker.committed("shop", "b", 20, true);
        MigrationState s = tracker.snapshot();
        MigrationState.TableState a = s.databases().get(0).tables().get(0);
        assertThat(a.rows()).isEqualTo(12);
        assertThat(a.status()).isEqualTo(Status.COMPLETED);
        MigrationState.Resume x = s.restarts().get(0).resume();
        assertThat(x).isEqualTo(new MigrationState.Resume(p1, p2, 1, 7, 25, 4, 5, 6));
        MigrationState back =
                StateJson.fromJson(StateJson.toJson(s, (dev.snapshift.api.MigrationConfig) null));
        assertThat(back.restarts().get(0).resume()).isEqualTo(x);
        tracker.restarted("again");
        assertThat(tracker.snapshot().restarts().get(1).resume()).isNull();
    }
}
