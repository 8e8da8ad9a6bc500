package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.DatabaseState;
import dev.snapshift.api.MigrationState.LockTiming;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Phase;
import dev.snapshift.api.Status;
import dev.snapshift.internal.state.RunStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshift status} over a state directory filled by real RunStores, one of them in a
 * process killed with SIGKILL.
 */
class StatusCommandTest {
    static final String SOURCE_PASSWORD = "S3cret-source";
    static final String TARGET_PASSWORD = "S3cret-target";

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static MigrationConfig config(String... databases) {
        return MigrationConfig.of(
                ConnectionSpec.parse(
                        "source", "mysql://app:" + SOURCE_PASSWORD + "@10.0.0.5:3306", null),
                ConnectionSpec.parse(
                        "target", "mysql://admin@db.example.com:3306", TARGET_PASSWORD),
                List.of(databases),
                2);
    }

    static MigrationState copying(Instant started) {
        return new MigrationState(
                Phase.COPY,
                Status.IN_PROGRESS,
                "SNAPSHOT",
                new BinlogCoordinates(
                        "binlog.000003", 4711, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"),
                new LockTiming(3, 12),
                List.of(
                        new DatabaseState(
                                "shop",
                                Status.RETRYING,
                                List.of(
                                        new TableState(
                                                "orders",
                                                Status.COMPLETED,
                                                3000,
                                                3000,
                                                3,
                                                3,
                                                0,
                                                null),
                                        new TableState(
                                                "order items",
                                                Status.RETRYING,
                                                1200,
                                                5000,
                                                1,
                                                4,
                                                2,
                                                "Lost connection to MySQL server during query"))),
                        new DatabaseState(
                                "billing",
                                Status.QUEUED,
                                List.of(
                                        new TableState(
                                                "invoices",
                                                Status.QUEUED,
                                                0,
                                                800,
                                                0,
                                                1,
                                                0,
                                                null)))),
                started,
                null,
                null,
                null,
                List.of());
    }

    static MigrationState completed(Instant started) {
        return new MigrationState(
                Phase.DONE,
                Status.COMPLETED,
                "SNAPSHOT",
                new BinlogCoordinates("binlog.000002", 154, ""),
                new LockTiming(1, 7),
                List.of(
                        new DatabaseState(
                                "crm",
                                Status.COMPLETED,
                                List.of(
                                        new TableState(
                                                "contacts",
                                                Status.COMPLETED,
                                                42,
                                                40,
                                                1,
                                                1,
                                                0,
                                                null)))),
                started,
                started.plusSeconds(5),
                null,
                null,
                List.of());
    }

    static MigrationState snapshotting(Instant started) {
        return new MigrationState(
                Phase.SNAPSHOT,
                Status.IN_PROGRESS,
                "SNAPSHOT",
                null,
                null,
                List.of(
                        new DatabaseState(
                                "hr",
                                Status.QUEUED,
                                List.of(
                                        new TableState(
                                                "staff", Status.QUEUED, 0, 10, 0, 0, 0, null)))),
                started,
                null,
                null,
                null,
                List.of());
    }

    static String save(Path dir, Instant started, MigrationConfig config, MigrationState state) {
        try (RunStore store = RunStore.create(dir, config, Clock.fixed(started, ZoneOffset.UTC))) {
            store.save(state);
            return store.runId();
        }
    }

    /**
     * Records a copy in progress in a separate JVM and kills it with SIGKILL; returns its run id
     * and pid.
     */
    static String[] killedRun(Path dir) throws Exception {
        List<String> cmd =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        dir.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String line;
        List<String> output = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("run ")) {
                output.add(line);
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(line).as("the child recorded its run: %s", output).isNotNull();
        return new String[] {line.substring(4), Long.toString(child.pid())};
    }

    public static final class Child {
        public static void main(String[] args) throws Exception {
            RunStore store =
                    RunStore.create(Path.of(args[0]), config("shop", "billing"), Clock.systemUTC());
            store.save(copying(Instant.now()));
            System.out.println("run " + store.runId());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void listsRunsNewestFirstAndExplainsARunKilledWithSigkill(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        String done =
                save(
                        dir,
                        now.minus(Duration.ofHours(2)),
                        config("crm"),
                        completed(now.minus(Duration.ofHours(2))));
        String waiting =
                save(
                        dir,
                        now.minus(Duration.ofHours(1)),
                        config("hr"),
                        snapshotting(now.minus(Duration.ofHours(1))));
        String[] killed = killedRun(dir);

        CliRun r = cli("status", "--state-dir", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int header =
                lines.indexOf(
                        lines.stream().filter(l -> l.contains("RUN ID")).findFirst().orElseThrow());
        assertThat(lines.get(header))
                .contains("STARTED", "STATUS", "PHASE", "TARGET", "DATABASES", "ROWS");
        assertThat(lines.get(header + 1))
                .contains(
                        killed[0],
                        "INTERRUPTED",
                        "COPY",
                        "db.example.com:3306",
                        "shop,billing",
                        "4200");
        assertThat(lines.get(header + 2)).contains(waiting, "IN_PROGRESS", "SNAPSHOT", "hr");
        assertThat(lines.get(header + 3)).contains(done, "COMPLETED", "DONE", "crm", "42");

        assertThat(r.out())
                .contains("Run " + killed[0])
                .contains("phase:       COPY")
                .contains("consistency: SNAPSHOT")
                .contains(
                        "binlog:      file binlog.000003, position 4711, GTID set 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5")
                .contains("lock:        waited 3 ms, held 12 ms")
                .contains("  shop: Retrying")
                .containsPattern("orders +Completed +3000 rows  3/3 chunks  0 retries")
                .containsPattern(
                        "order items +Retrying +1200 rows  1/4 chunks  2 retries  - Lost connection to MySQL server during query")
                .contains("  billing: Queued")
                .containsPattern("invoices +Queued +0 rows  0/1 chunks  0 retries")
                .contains(
                        "This run did not finish: its process (pid "
                                + killed[1]
                                + ") is gone — killed (SIGKILL?) or crashed."
                                + " The target may hold a partial copy of shop, billing. Run migrate again with --clean-target to drop"
                                + " those tables first, or keep its committed chunks: bin/snapshift migrate --resume "
                                + killed[0]
                                + " (same --source, --target, --databases).");
        assertThat(r.out() + r.err())
                .doesNotContain(SOURCE_PASSWORD)
                .doesNotContain(TARGET_PASSWORD);
    }

    @Test
    void explainsOneRunById(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        String done =
                save(dir, now.minusSeconds(60), config("crm"), completed(now.minusSeconds(60)));
        String waiting = save(dir, now, config("hr"), snapshotting(now));

        CliRun r = cli("status", "--state-dir", dir.toString(), done);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Run " + done)
                .contains("status:      COMPLETED")
                .contains("binlog:      file binlog.000002, position 154")
                .contains("lock:        waited 1 ms, held 7 ms")
                .containsPattern("contacts +Completed +42 rows  1/1 chunks  0 retries")
                .doesNotContain("RUN ID")
                .doesNotContain("did not finish")
                .doesNotContain("--clean-target");

        CliRun w = cli("status", "--state-dir", dir.toString(), waiting);
        assertThat(w.code()).isZero();
        assertThat(w.out())
                .contains("status:      IN_PROGRESS")
                .contains("binlog:      " + ProgressPrinter.WAITING)
                .contains("lock:        not taken yet")
                .doesNotContain("did not finish");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f))
                        .as(f.toString())
                        .doesNotContain(SOURCE_PASSWORD)
                        .doesNotContain(TARGET_PASSWORD);
            }
        }
    }

    @Test
    void unknownRunIdsAndEmptyStateDirectoriesAreUsageErrors(@TempDir Path dir) {
        CliRun missing = cli("status", "--state-dir", dir.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err())
                .contains("no runs recorded in " + dir.resolve("nowhere"))
                .contains("--state-dir");

        CliRun empty = cli("status", "--state-dir", dir.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no runs recorded in " + dir);
        assertThat(empty.out()).isEmpty();

        String done = save(dir, Instant.now(), config("crm"), completed(Instant.now()));
        CliRun unknown = cli("status", "--state-dir", dir.toString(), "20990101-000000-abcd");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run '20990101-000000-abcd'").contains(done);
        assertThat(unknown.out()).isEmpty();
    }
}
