package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.Replication;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #16: a migration whose point in time was lost keeps what it committed. Every snapshot
 * session is killed half-way through the copy under the invariant-keeping write load; the run
 * resumes at a new point in time, copies only the missing chunks, brings the kept ones forward with
 * the binary log, and the target passes the invariants and the replication proof from the new
 * coordinates. With the earlier point's binary log purged, it says so and restarts from zero.
 */
class ResumeIT {
    static final int ACCOUNTS = 20_000;
    static final long BALANCE = 1_000;
    static final int CHUNK_ROWS = 500;

    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    /** Source data: the transfer tables and a table of wider rows, about 50 chunks in all. */
    static void createData(SandboxServer s, String db) throws Exception {
        try (Connection c = s.connect()) {
            TransferWorkload.createSchema(c, db, ACCOUNTS, BALANCE);
            Replication.createUser(c, s.flavor().isMariaDb());
            c.createStatement()
                    .execute("CREATE TABLE `" + db + "`.wide (id INT PRIMARY KEY, payload BLOB)");
            // by a batch, not a recursive query: 5.7 has none
            try (java.sql.PreparedStatement insert =
                    c.prepareStatement("INSERT INTO `" + db + "`.wide VALUES (?, ?)")) {
                java.util.Random random = new java.util.Random(db.hashCode());
                for (int n = 1; n <= 1000; n++) {
                    byte[] payload = new byte[1024];
                    random.nextBytes(payload);
                    insert.setInt(1, n);
                    insert.setBytes(2, payload);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /**
     * {@link #createData} on {@code s}, then the transfer load (3 writers, {@code seed}) running on
     * it, past its first 1,000 commits.
     */
    static TransferWorkload dataUnderLoad(SandboxServer s, String db, long seed) throws Exception {
        createData(s, db);
        TransferWorkload load =
                TransferWorkload.start(s.jdbcUrl(db), s.rootUser(), s.rootPassword(), 3, seed);
        try {
            ConsistencyIT.awaitCommits(load, 1_000);
            return load;
        } catch (Exception | Error e) {
            load.close();
            throw e;
        }
    }

    /**
     * Kills every snapshot session once, at the {@code at}-th committed chunk; runs {@code lost}
     * once the point in time is given up (its snapshot closed, before the resume is decided).
     */
    static MigrationHooks killAllAt(SandboxServer s, int at, Runnable lost) {
        AtomicInteger commits = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        return (point, session) -> {
            if (point == Checkpoint.CHUNK_COMMITTED
                    && commits.incrementAndGet() >= at
                    && killed.compareAndSet(false, true)) {
                Killer.killAll(s, Killer.snapshotSessions(s));
            }
            if (point == Checkpoint.POINT_IN_TIME_LOST) {
                lost.run();
            }
        };
    }

    static long rows(MigrationState s) {
        return s.databases().stream()
                .flatMap(d -> d.tables().stream())
                .mapToLong(MigrationState.TableState::rows)
                .sum();
    }

    /** Invariants, the replication proof from the reported coordinates, equal digests. */
    static void prove(SandboxServer source, SandboxServer target, String db, MigrationState state)
            throws Exception {
        try (Connection t = target.connect();
                Connection s = source.connect()) {
            assertThat(TransferWorkload.checkInvariants(t, db, ACCOUNTS, BALANCE))
                    .as("invariants on the copy")
                    .isEmpty();
            Replication.start(
                    t,
                    source.host(),
                    source.port(),
                    state.binlog().file(),
                    state.binlog().position());
            try {
                Replication.awaitCaughtUp(t, s, Duration.ofMinutes(2));
            } finally {
                Replication.stop(t);
            }
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
        }
    }

    /**
     * On every source the copy is tested from: the kept chunks are brought forward by reading the
     * source's binary log, whose events differ by server (MariaDB's own GTID and annotate events,
     * 5.7's row images).
     */
    @ParameterizedTest
    @EnumSource(ServerPair.class)
    void everySessionKilledHalfWayResumesAndCopiesLessThanHalfAgain(
            ServerPair pair, @TempDir Path stateDir) throws Exception {
        // the test finds the snapshot sessions by their connection attributes: MariaDB shows
        // them only with its Performance Schema on (off by default), so that source is its own
        try (SandboxServer own =
                pair.sourceFlavor.isMariaDb()
                        ? SandboxServer.start(
                                SandboxOptions.of(pair.sourceFlavor)
                                        .withServerId(4715)
                                        .withExtraArgs(List.of("--performance-schema=ON")))
                        : null) {
            SandboxServer source = own != null ? own : pair.source();
            SandboxServer target = pair.target();
            String db = TestServers.unique("resume_all");
            MigrationState state;
            try (TransferWorkload load = dataUnderLoad(source, db, 16)) {
                // about 50 chunks (accounts 40, wide 2, ledger 2 or more, the counter 1): killed at
                // 55% of them, so that what is copied again, rows written since included, is less
                // than half of the total
                MigrationConfig config =
                        TestServers.config(source, target, List.of(db), 2, CHUNK_ROWS)
                                .withStateDir(stateDir);
                state = Migration.of(config, killAllAt(source, 28, () -> {})).run();
                ConsistencyIT.awaitCommits(load, load.committed() + 100);
            }
            assertThat(state.status())
                    .as("error: %s, tables %s", state.error(), state.databases())
                    .isEqualTo(Status.COMPLETED);
            assertThat(state.restarts()).hasSize(1);
            MigrationState.Restart r = state.restarts().get(0);
            assertThat(r.reason()).contains("point-in-time sync lost");
            assertThat(r.resume()).as("resumed, not restarted from zero").isNotNull();
            MigrationState.Resume x = r.resume();
            long total = rows(state);
            System.out.printf(
                    "resume: kept %d chunk(s), %d rows; copied again %d of %d rows; replayed %d"
                            + " transaction(s), %d event(s), %d row(s); %s -> %s%n",
                    x.keptChunks(),
                    x.keptRows(),
                    x.copiedRows(),
                    total,
                    x.replayedTransactions(),
                    x.replayedEvents(),
                    x.replayedRows(),
                    x.from(),
                    x.to());
            prove(source, target, db, state);
            assertThat(x.keptChunks()).isGreaterThanOrEqualTo(20);
            assertThat(x.copiedRows()).as("rows copied again").isLessThan(total / 2);
            assertThat(x.replayedEvents()).as("writes between the two points applied").isPositive();
            assertThat(x.to()).isEqualTo(state.binlog());
            assertThat(state.verdict())
                    .as("every chunk verified, the kept ones too")
                    .isEqualTo(dev.snapshift.api.Verdict.VERIFIED);
        }
    }

    /**
     * snapshift killed with SIGKILL half-way through its copy (a JVM of its own, the copy slowed by
     * --max-rate so that the kill lands mid-copy), then {@code migrate --resume}: the chunks the
     * killed process committed are kept, the second process copies fewer rows than the total, and
     * the target passes the same proof.
     */
    @Test
    void killedWithSigkillMidCopyResumesWithItsCommittedChunks(@TempDir Path stateDir)
            throws Exception {
        String db = TestServers.unique("resume_kill");
        MigrationState state;
        try (TransferWorkload load = dataUnderLoad(source, db, 18)) {
            dev.snapshift.api.RunRecord killed = killHalfWay(source, target, db, stateDir);
            long before = rows(killed.state());
            System.out.println("killed with " + before + " rows committed");
            ConsistencyIT.awaitCommits(load, load.committed() + 200); // more after the kill
            state = resume(source, target, db, stateDir, killed);
            ConsistencyIT.awaitCommits(load, load.committed() + 100);
        }
        assertThat(state.status())
                .as("error: %s, tables %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        prove(source, target, db, state);
        MigrationState.Restart r = state.restarts().get(state.restarts().size() - 1);
        assertThat(r.resume()).as("resumed: %s", r.reason()).isNotNull();
        long total = rows(state);
        System.out.printf(
                "sigkill resume: kept %d chunk(s), %d rows; copied in the second process %d of %d"
                        + " rows; replayed %d event(s)%n",
                r.resume().keptChunks(),
                r.resume().keptRows(),
                r.resume().copiedRows(),
                total,
                r.resume().replayedEvents());
        assertThat(r.resume().keptChunks()).isPositive();
        assertThat(r.resume().copiedRows())
                .as("rows copied by the second process")
                .isLessThan(total);
        assertThat(state.verdict()).isEqualTo(dev.snapshift.api.Verdict.VERIFIED);
        assertThat(dev.snapshift.Runs.list(stateDir)).hasSize(1);
    }

    /**
     * Runs a migration of {@code db} in a JVM of its own (the copy slowed by --max-rate) and kills
     * it with SIGKILL once half of the estimated rows are committed; returns its run as recorded.
     */
    static dev.snapshift.api.RunRecord killHalfWay(
            SandboxServer source, SandboxServer target, String db, Path stateDir) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        MigrateMain.class.getName(),
                        source.url(),
                        target.url(),
                        db,
                        "2",
                        stateDir.toString(),
                        "" + CHUNK_ROWS,
                        "8000");
        pb.environment().put("SNAPSHIFT_SOURCE_PASSWORD", source.rootPassword());
        pb.environment().put("SNAPSHIFT_TARGET_PASSWORD", target.rootPassword());
        java.io.File log = java.io.File.createTempFile("snapshift-resume-kill", ".log");
        pb.redirectErrorStream(true).redirectOutput(log);
        Process p = pb.start();
        try {
            return awaitHalfCopied(stateDir, Duration.ofSeconds(90));
        } finally {
            p.destroyForcibly(); // SIGKILL: nothing runs after this
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            log.delete();
        }
    }

    /** The run recorded in {@code stateDir} once it committed half of its estimated rows. */
    static dev.snapshift.api.RunRecord awaitHalfCopied(Path stateDir, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (dev.snapshift.api.RunRecord r : dev.snapshift.Runs.list(stateDir)) {
                MigrationState s = r.state();
                long estimated =
                        s == null
                                ? 0
                                : s.databases().stream()
                                        .flatMap(d -> d.tables().stream())
                                        .mapToLong(MigrationState.TableState::estimatedRows)
                                        .sum();
                if (s != null && estimated > 0 && rows(s) * 2 >= estimated) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run did not get half-way within " + timeout);
    }

    /**
     * As above, but the binary log of the killed run's point in time is purged before {@code
     * migrate --resume}: the resume says so, drops the run's tables and copies from zero. Its own
     * source server.
     */
    @Test
    void resumeAfterSigkillWithThePointsBinaryLogPurgedRestartsFromZero(@TempDir Path stateDir)
            throws Exception {
        try (SandboxServer own =
                SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_33).withServerId(4713))) {
            String db = TestServers.unique("resume_kill_purged");
            MigrationState state;
            try (TransferWorkload load = dataUnderLoad(own, db, 19)) {
                dev.snapshift.api.RunRecord killed = killHalfWay(own, target, db, stateDir);
                purgeBinaryLogs(own);
                state = resume(own, target, db, stateDir, killed);
                ConsistencyIT.awaitCommits(load, load.committed() + 100);
            }
            assertThat(state.status())
                    .as("error: %s, tables %s", state.error(), state.databases())
                    .isEqualTo(Status.COMPLETED);
            MigrationState.Restart r = state.restarts().get(state.restarts().size() - 1);
            assertThat(r.resume()).as("not resumed").isNull();
            assertThat(r.reason())
                    .contains("migrate --resume")
                    .contains("purged")
                    .contains("restarted from zero");
            prove(own, target, db, state);
        }
    }

    /** {@code migrate --resume} of the run {@code killed} left in {@code stateDir}, in-process. */
    private static MigrationState resume(
            SandboxServer source,
            SandboxServer target,
            String db,
            java.nio.file.Path stateDir,
            dev.snapshift.api.RunRecord killed) {
        return Migration.resume(
                        TestServers.config(source, target, List.of(db), 2, CHUNK_ROWS)
                                .withStateDir(stateDir),
                        killed.runId(),
                        MigrationHooks.NONE)
                .run();
    }

    static void purgeBinaryLogs(SandboxServer s) {
        try (Connection c = s.connect();
                Statement st = c.createStatement()) {
            st.execute("FLUSH BINARY LOGS");
            String current;
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                current = rs.getString(1);
            }
            st.execute("PURGE BINARY LOGS TO '" + current + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The binary log file of the lost point in time is purged before the resume: the run says so
     * and restarts from zero (the copy dropped), never a mixed copy. Its own source server: purging
     * the shared one's logs would cut other tests off.
     */
    @Test
    void purgedBinaryLogOfTheLostPointRestartsFromZeroAndSaysWhy() throws Exception {
        try (SandboxServer own =
                SandboxServer.start(SandboxOptions.of(Flavor.MYSQL_8_0_33).withServerId(4712))) {
            String db = TestServers.unique("resume_purged");
            MigrationState state;
            try (TransferWorkload load = dataUnderLoad(own, db, 17)) {
                Runnable purge = () -> purgeBinaryLogs(own);
                state =
                        Migration.of(
                                        TestServers.config(own, target, List.of(db), 2, CHUNK_ROWS),
                                        killAllAt(own, 15, purge))
                                .run();
                ConsistencyIT.awaitCommits(load, load.committed() + 100);
            }
            assertThat(state.status())
                    .as("error: %s, tables %s", state.error(), state.databases())
                    .isEqualTo(Status.COMPLETED);
            assertThat(state.restarts()).hasSize(1);
            MigrationState.Restart r = state.restarts().get(0);
            assertThat(r.resume()).as("not resumed").isNull();
            assertThat(r.reason())
                    .contains("not resumed")
                    .contains("purged")
                    .contains("restarted from zero");
            prove(own, target, db, state);
        }
    }
}
