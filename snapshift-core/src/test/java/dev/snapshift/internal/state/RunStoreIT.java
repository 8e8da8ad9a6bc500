package dev.snapshift.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.LockTiming;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.RunRecord;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.api.Status;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run record on a real file system: atomic replacement, throttling, reading back, partial-copy
 * detection.
 */
class RunStoreIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-24T04:35:12Z");
    static final String TARGET = "mysql://admin:T4rget-pw@db.example.com:3306";

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static MigrationConfig config(String target, String... databases) {
        return MigrationConfig.of(
                ConnectionSpec.parse("source", "mysql://app:S3cret-pw@10.0.0.5:3306", null),
                ConnectionSpec.parse("target", target, null),
                List.of(databases),
                2);
    }

    static MigrationState state(Phase phase, Status status, long rows, String... databases) {
        List<DatabaseState> dbs = new ArrayList<>();
        for (String db : databases) {
            Status tableStatus = status == Status.COMPLETED ? Status.COMPLETED : Status.IN_PROGRESS;
            dbs.add(
                    new DatabaseState(
                            db,
                            tableStatus,
                            List.of(
                                    new TableState(
                                            "orders", tableStatus, rows, 1000, 1, 3, 0, null))));
        }
        boolean copying = phase.compareTo(Phase.SNAPSHOT) > 0;
        return new MigrationState(
                phase,
                status,
                "SNAPSHOT",
                copying ? new BinlogCoordinates("binlog.000003", 4711, "") : null,
                copying ? new LockTiming(3, 12) : null,
                dbs,
                T0,
                phase == Phase.DONE ? T0.plusSeconds(60) : null,
                status == Status.FAILED ? ErrorCode.COPY : null,
                status == Status.FAILED ? "copy failed" : null,
                List.of());
    }

    static JsonNode stateJson(RunStore store) throws Exception {
        return JSON.readTree(store.directory().resolve(RunStore.STATE_FILE).toFile());
    }

    /**
     * A run that went as far as {@code reached} and then ended with {@code end} (null: still
     * running).
     */
    static RunStore run(
            Path dir,
            TestClock clock,
            String target,
            Phase reached,
            Status end,
            String... databases) {
        clock.advance(Duration.ofMinutes(1));
        try (RunStore store = RunStore.create(dir, config(target, databases), clock)) {
            store.save(state(reached, Status.IN_PROGRESS, 10, databases));
            if (end != null) {
                store.save(state(Phase.DONE, end, 10, databases));
            }
            return store;
        }
    }

    @Test
    void createWritesTheRunWithoutPasswords(@TempDir Path dir) throws Exception {
        Path stateDir = dir.resolve("nested/state");
        try (RunStore store =
                RunStore.create(stateDir, config(TARGET, "shop", "billing"), new TestClock(T0))) {
            assertThat(store.runId()).matches("20261124-043512-[0-9a-f]{4}");
            assertThat(store.directory()).isEqualTo(stateDir.resolve(store.runId()));
            store.save(state(Phase.COPY, Status.IN_PROGRESS, 5, "shop", "billing"));

            JsonNode run = JSON.readTree(store.directory().resolve(RunStore.RUN_FILE).toFile());
            assertThat(run.path("runId").asText()).isEqualTo(store.runId());
            assertThat(run.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(run.path("startedAt").asText()).isEqualTo(T0.toString());
            assertThat(run.path("targetAddress").asText()).isEqualTo("db.example.com:3306");
            assertThat(run.path("source").asText())
                    .isEqualTo("mysql://app:***@10.0.0.5:3306?ssl-mode=PREFERRED");
            assertThat(run.path("databases"))
                    .extracting(JsonNode::asText)
                    .containsExactly("shop", "billing");

            JsonNode state = stateJson(store);
            assertThat(state.path("runId").asText()).isEqualTo(store.runId());
            assertThat(state.path("phase").asText()).isEqualTo("COPY");
            assertThat(state.path("phaseReached").asText()).isEqualTo("COPY");
            assertThat(state.path("binlog").path("position").asLong()).isEqualTo(4711);
            assertThat(
                            state.path("databases")
                                    .get(0)
                                    .path("tables")
                                    .get(0)
                                    .path("chunksDone")
                                    .asInt())
                    .isEqualTo(1);
            assertThat(state.has("updatedAt")).isTrue();
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f))
                        .as(f.toString())
                        .doesNotContain("S3cret")
                        .doesNotContain("T4rget");
            }
        }
    }

    @Test
    void anUnwritableStateDirectoryIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> RunStore.create(file, config(TARGET, "shop"), Clock.systemUTC()))
                .isInstanceOfSatisfying(
                        SnapshiftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("--state-dir");
    }

    @Test
    void readersAlwaysSeeCompleteJsonWhileAnotherThreadSaves(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(T0);
        int saves = 400;
        Path runDir;
        try (RunStore store = RunStore.create(dir, config(TARGET, "shop"), clock)) {
            runDir = store.directory();
            store.save(state(Phase.COPY, Status.IN_PROGRESS, 0, "shop"));
            AtomicBoolean done = new AtomicBoolean();
            Thread saver =
                    new Thread(
                            () -> {
                                for (int i = 1; i <= saves; i++) {
                                    clock.advance(
                                            Duration.ofSeconds(
                                                    1)); // past the throttle: every save is written
                                    store.save(state(Phase.COPY, Status.IN_PROGRESS, i, "shop"));
                                }
                                done.set(true);
                            });
            saver.start();
            long lastRows = 0;
            int reads = 0;
            while (!done.get() || reads < 50) {
                JsonNode s = stateJson(store); // throws on a torn or half-written file
                long rows = s.path("rows").asLong(-1);
                assertThat(rows).as("rows never go back").isGreaterThanOrEqualTo(lastRows);
                lastRows = rows;
                reads++;
            }
            saver.join();
            assertThat(stateJson(store).path("rows").asLong()).isEqualTo(saves);
        }
        try (Stream<Path> files = Files.list(runDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files left")
                    .containsExactlyInAnyOrder(RunStore.RUN_FILE, RunStore.STATE_FILE);
        }
    }

    @Test
    void savesAreThrottledUnlessStatusOrPhaseChangesOrTheRunEnds(@TempDir Path dir)
            throws Exception {
        TestClock clock = new TestClock(T0);
        RunStore store = RunStore.create(dir, config(TARGET, "shop"), clock);
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 1, "shop"));
        assertThat(stateJson(store).path("rows").asLong()).as("first save is written").isEqualTo(1);

        store.save(state(Phase.COPY, Status.IN_PROGRESS, 2, "shop"));
        clock.advance(Duration.ofMillis(200));
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 3, "shop"));
        assertThat(stateJson(store).path("rows").asLong())
                .as("within 250 ms: held back")
                .isEqualTo(1);

        clock.advance(Duration.ofMillis(50));
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 4, "shop"));
        assertThat(stateJson(store).path("rows").asLong()).as("250 ms later: written").isEqualTo(4);

        store.save(state(Phase.FINISH, Status.IN_PROGRESS, 4, "shop"));
        assertThat(stateJson(store).path("phase").asText())
                .as("a phase change is written at once")
                .isEqualTo("FINISH");

        store.save(state(Phase.FINISH, Status.FAILED, 4, "shop"));
        assertThat(stateJson(store).path("status").asText())
                .as("a status change is written at once")
                .isEqualTo("FAILED");

        store.save(state(Phase.FINISH, Status.FAILED, 5, "shop"));
        assertThat(stateJson(store).path("rows").asLong()).isEqualTo(4);
        store.close();
        assertThat(stateJson(store).path("rows").asLong())
                .as("close writes what was held back")
                .isEqualTo(5);

        store.save(state(Phase.DONE, Status.FAILED, 5, "shop"));
        assertThat(stateJson(store).path("phase").asText())
                .as("the final state is written at once")
                .isEqualTo("DONE");
        assertThat(stateJson(store).path("phaseReached").asText()).isEqualTo("FINISH");
    }

    @Test
    void anUnchangedStateIsNotWrittenAgainAndANewPhaseIsWrittenAtOnce(@TempDir Path dir)
            throws Exception {
        TestClock clock = new TestClock(T0);
        RunStore store = RunStore.create(dir, config(TARGET, "shop"), clock);
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 1, "shop"));
        String first = stateJson(store).path("updatedAt").asText();
        clock.advance(Duration.ofSeconds(1));
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 1, "shop"));
        assertThat(stateJson(store).path("updatedAt").asText())
                .as("the same state a second later: not written again")
                .isEqualTo(first);
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 2, "shop"));
        assertThat(stateJson(store).path("rows").asLong()).isEqualTo(2);
        assertThat(stateJson(store).path("updatedAt").asText()).isNotEqualTo(first);
        store.save(state(Phase.FINISH, Status.IN_PROGRESS, 2, "shop"));
        assertThat(stateJson(store).path("phase").asText())
                .as("a new phase: written at once, within the throttle's 250 ms")
                .isEqualTo("FINISH");
        store.close();
    }

    @Test
    void theRecorderFollowsTheStateAndSavesTheLastOneWhenClosed(@TempDir Path dir)
            throws Exception {
        AtomicReference<MigrationState> current =
                new AtomicReference<>(state(Phase.COPY, Status.IN_PROGRESS, 1, "shop"));
        try (RunStore store = RunStore.create(dir, config(TARGET, "shop"), Clock.systemUTC())) {
            try (StateRecorder recorder =
                    StateRecorder.start(store, current::get, Duration.ofMillis(20))) {
                assertThat(stateJson(store).path("rows").asLong())
                        .as("saved at start")
                        .isEqualTo(1);
                current.set(state(Phase.COPY, Status.IN_PROGRESS, 2, "shop"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stateJson(store).path("rows").asLong() != 2
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(stateJson(store).path("rows").asLong())
                        .as("followed within the throttle")
                        .isEqualTo(2);
                current.set(state(Phase.COPY, Status.IN_PROGRESS, 3, "shop"));
                current.set(state(Phase.DONE, Status.COMPLETED, 3, "shop"));
            }
            assertThat(stateJson(store).path("status").asText()).isEqualTo("COMPLETED");
            assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .doesNotContain("snapshift-state");
        }
    }

    @Test
    void aFailingDiskNeverBreaksTheMigration(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(T0);
        RunStore store = RunStore.create(dir, config(TARGET, "shop"), clock);
        store.save(state(Phase.COPY, Status.IN_PROGRESS, 1, "shop"));
        Files.delete(store.directory().resolve(RunStore.STATE_FILE));
        Files.delete(store.directory().resolve(RunStore.RUN_FILE));
        Files.delete(store.directory());
        Files.writeString(store.directory(), "a file where the run directory was");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            store.save(state(Phase.COPY, Status.IN_PROGRESS, 2 + i, "shop"));
        }
        store.save(state(Phase.DONE, Status.COMPLETED, 7, "shop"));
        store.close();
        assertThat(Files.readString(store.directory()))
                .isEqualTo("a file where the run directory was");
    }

    @Test
    void listsNewestFirstLoadsByIdAndSkipsWhatIsNotARun(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(T0);
        String first = run(dir, clock, TARGET, Phase.COPY, Status.COMPLETED, "shop").runId();
        String second = run(dir, clock, TARGET, Phase.COPY, Status.FAILED, "billing").runId();
        String third = run(dir, clock, TARGET, Phase.COPY, null, "shop").runId();
        Files.createDirectory(dir.resolve("empty"));
        Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(dir.resolve("garbage").resolve(RunStore.RUN_FILE), "{not json");
        Files.writeString(dir.resolve("stray-file"), "x");

        List<RunRecord> runs = RunStore.list(dir);
        assertThat(runs).extracting(RunRecord::runId).containsExactly(third, second, first);
        assertThat(runs)
                .extracting(RunRecord::status)
                .containsExactly("IN_PROGRESS", "FAILED", "COMPLETED");
        assertThat(runs).extracting(RunRecord::finished).containsExactly(false, true, true);

        RunRecord r = RunStore.load(dir, second).orElseThrow();
        assertThat(r.targetAddress()).isEqualTo("db.example.com:3306");
        assertThat(r.databases()).containsExactly("billing");
        assertThat(r.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(r.processAlive()).isTrue();
        assertThat(r.state().error())
                .as("read back typed from state.json")
                .isEqualTo("copy failed");

        assertThat(RunStore.load(dir, "20990101-000000-beef")).isEmpty();
        assertThat(RunStore.load(dir, "../" + dir.getFileName() + "/" + second))
                .as("no path tricks")
                .isEmpty();
        assertThat(RunStore.load(dir, "garbage")).isEmpty();
        assertThat(RunStore.list(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void partialOnFindsTheNewestUnfinishedRunOnTheSameTargetWithOverlappingDatabases(
            @TempDir Path dir) {
        TestClock clock = new TestClock(T0);
        String address = "db.example.com:3306";
        String failed =
                run(dir, clock, TARGET, Phase.COPY, Status.FAILED, "shop", "billing").runId();
        run(dir, clock, "mysql://admin@other.example.com:3306", Phase.COPY, Status.FAILED, "crm");
        run(
                dir,
                clock,
                TARGET,
                Phase.PREFLIGHT,
                Status.FAILED,
                "billing",
                "crm"); // refused before writing anything

        assertThat(RunStore.partialOn(dir, address, List.of("billing")))
                .map(RunRecord::runId)
                .contains(failed);
        assertThat(RunStore.partialOn(dir, "DB.example.com:3306", List.of("shop", "x")))
                .map(RunRecord::runId)
                .contains(failed);
        assertThat(RunStore.partialOn(dir, address, List.of()))
                .as("every database")
                .map(RunRecord::runId)
                .contains(failed);
        assertThat(RunStore.partialOn(dir, address, List.of("crm")))
                .as("other target, or refused in preflight")
                .isEmpty();
        assertThat(RunStore.partialOn(dir, "db.example.com:3307", List.of("shop")))
                .as("other port")
                .isEmpty();

        String completed = run(dir, clock, TARGET, Phase.FINISH, Status.COMPLETED, "shop").runId();
        assertThat(RunStore.partialOn(dir, address, List.of("shop")))
                .as("shop was copied again completely")
                .isEmpty();
        assertThat(RunStore.partialOn(dir, address, List.of("billing")))
                .map(RunRecord::runId)
                .contains(failed);
        assertThat(RunStore.list(dir).get(0).runId()).isEqualTo(completed);

        String killed = run(dir, clock, TARGET, Phase.SCHEMA, null, "billing").runId();
        assertThat(RunStore.partialOn(dir, address, List.of("billing", "shop")))
                .as("the newest one")
                .map(RunRecord::runId)
                .contains(killed);
    }

    @Test
    void anEarlierFailedRunCountsOnlyWhileTheTargetHoldsWhatItMayHaveLeft(@TempDir Path dir) {
        TestClock clock = new TestClock(T0);
        String address = "db.example.com:3306";
        String failed =
                run(dir, clock, TARGET, Phase.COPY, Status.FAILED, "shop", "billing").runId();
        RunRecord record = RunStore.load(dir, failed).orElseThrow();
        java.util.Map<String, List<String>> expected =
                java.util.Map.of("shop", List.of("customers"));

        // a target created afresh at the same address: nothing there
        java.util.Map<String, java.util.Set<String>> fresh =
                java.util.Map.of("shop", java.util.Set.of());
        assertThat(record.mayHaveLeftAny(fresh, expected)).isFalse();
        assertThat(
                        RunStore.partialOn(
                                dir,
                                address,
                                List.of("shop"),
                                r -> r.mayHaveLeftAny(fresh, expected)))
                .isEmpty();
        // tables of other names, or in a database the run did not copy, are not its leftovers
        assertThat(
                        record.mayHaveLeftAny(
                                java.util.Map.of("shop", java.util.Set.of("mine")), expected))
                .isFalse();
        assertThat(
                        record.mayHaveLeftAny(
                                java.util.Map.of("crm", java.util.Set.of("orders")), expected))
                .isFalse();

        // a table the run recorded (in lower case, as lower_case_table_names=1 keeps it), or one a
        // run of these
        // databases creates
        java.util.Map<String, java.util.Set<String>> left =
                java.util.Map.of("shop", java.util.Set.of("ORDERS"));
        assertThat(record.mayHaveLeftAny(left, expected)).isTrue();
        assertThat(
                        record.mayHaveLeftAny(
                                java.util.Map.of("shop", java.util.Set.of("customers")), expected))
                .isTrue();
        assertThat(
                        RunStore.partialOn(
                                dir,
                                address,
                                List.of("shop"),
                                r -> r.mayHaveLeftAny(left, expected)))
                .map(RunRecord::runId)
                .contains(failed);

        // a run still in progress is writing to that target right now: it counts whatever the
        // target holds
        String running = run(dir, clock, TARGET, Phase.SNAPSHOT, null, "shop").runId();
        assertThat(RunStore.partialOn(dir, address, List.of("shop"), r -> false))
                .map(RunRecord::runId)
                .contains(running);
    }

    @Test
    void aRunWhoseProcessWasKilledShowsAsInterrupted(@TempDir Path dir) throws Exception {
        List<String> cmd =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        dir.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String runId;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("run ")) {
                lines.add(line);
            }
            assertThat(line).as("the child recorded its run: %s", lines).isNotNull();
            runId = line.substring(4);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final save
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        RunRecord killed = RunStore.load(dir, runId).orElseThrow();
        assertThat(killed.pid()).isEqualTo(child.pid());
        assertThat(killed.processAlive()).isFalse();
        assertThat(killed.finished()).isFalse();
        assertThat(killed.interrupted()).isTrue();
        assertThat(killed.status()).isEqualTo("IN_PROGRESS");
        assertThat(killed.mayHavePartialCopy()).isTrue();
        assertThat(RunStore.partialOn(dir, "db.example.com:3306", List.of("shop")))
                .contains(killed);

        TestClock clock = new TestClock(Instant.now());
        RunRecord running =
                RunStore.load(dir, run(dir, clock, TARGET, Phase.COPY, null, "crm").runId())
                        .orElseThrow();
        assertThat(running.processAlive()).isTrue();
        assertThat(running.interrupted()).isFalse();
    }

    /** A run in another JVM, killed by the test: records a copy in progress, then waits. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            RunStore store =
                    RunStore.create(Path.of(args[0]), config(TARGET, "shop"), Clock.systemUTC());
            store.save(state(Phase.COPY, Status.IN_PROGRESS, 42, "shop"));
            System.out.println("run " + store.runId());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void defaultStateDirFollowsXdg() {
        assertThat(RunStore.defaultStateDir().getFileName().toString()).isEqualTo("snapshift");
        assertThat(RunStore.defaultStateDir().isAbsolute()).isTrue();
    }
}
