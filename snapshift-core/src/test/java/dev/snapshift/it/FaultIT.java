package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.Replication;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lost connections during a migration under the invariant-keeping write load. Every scenario ends
 * with the invariant check and the replication proof from the reported coordinates. Seeds are fixed
 * per repetition and printed.
 */
class FaultIT {
    static final int ACCOUNTS = 150;
    static final long BALANCE = 1_000;
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    interface Scenario {
        MigrationState run(String db) throws Exception;
    }

    private MigrationState underLoad(long seed, Scenario scenario, String db) throws Exception {
        System.out.println("fault scenario seed " + seed + " database " + db);
        try (Connection c = source.connect()) {
            TransferWorkload.createSchema(c, db, ACCOUNTS, BALANCE);
            Replication.createUser(c, false);
            // a table of wide rows, so that streaming a chunk takes long enough to be cut in the
            // middle
            c.createStatement()
                    .execute(
                            "CREATE TABLE `"
                                    + db
                                    + "`.wide (id INT PRIMARY KEY, payload MEDIUMBLOB)");
            c.createStatement()
                    .execute(
                            "INSERT INTO `"
                                    + db
                                    + "`.wide WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL"
                                    + " SELECT n + 1 FROM s WHERE n < 600) SELECT n, RANDOM_BYTES(1024) FROM s");
            c.createStatement()
                    .execute("UPDATE `" + db + "`.wide SET payload = REPEAT(payload, 40)");
        }
        MigrationState state;
        try (TransferWorkload load =
                TransferWorkload.start(
                        source.jdbcUrl(db), source.rootUser(), source.rootPassword(), 3, seed)) {
            ConsistencyIT.awaitCommits(load, 1_500);
            state = scenario.run(db);
            ConsistencyIT.awaitCommits(load, load.committed() + 100);
        }
        assertThat(state.status())
                .as("error: %s, tables %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
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
        return state;
    }

    static int retries(MigrationState s) {
        return s.databases().stream()
                .flatMap(d -> d.tables().stream())
                .mapToInt(MigrationState.TableState::retries)
                .sum();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void workerKilledWhileStreamingRetriesOnASpareFromTheSamePointInTime(long seed)
            throws Exception {
        String db = TestServers.unique("fault_stream");
        AtomicInteger kills = new AtomicInteger();
        MigrationState state =
                underLoad(
                        seed,
                        d -> {
                            try (Killer killer =
                                    new Killer(
                                            source,
                                            "SELECT `% FROM `" + d + "`.`wide` WHERE %",
                                            1)) {
                                MigrationState s =
                                        Migration.of(
                                                        TestServers.config(
                                                                source, target, List.of(d), 2, 100))
                                                .run();
                                kills.set(killer.kills());
                                return s;
                            }
                        },
                        db);
        assertThat(kills.get()).as("a streaming worker was killed").isEqualTo(1);
        assertThat(retries(state)).isGreaterThanOrEqualTo(1);
        assertThat(state.restarts()).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 4})
    void targetConnectionKilledMidWriteIsRetriedOnAFreshConnection(long seed) throws Exception {
        String db = TestServers.unique("fault_target");
        AtomicInteger kills = new AtomicInteger();
        MigrationState state =
                underLoad(
                        seed,
                        d -> {
                            try (Killer killer =
                                    new Killer(
                                            target,
                                            "LOAD DATA LOCAL INFILE % INTO TABLE `"
                                                    + d
                                                    + "`.`wide`%",
                                            1)) {
                                MigrationState s =
                                        Migration.of(
                                                        TestServers.config(
                                                                source, target, List.of(d), 2, 100))
                                                .run();
                                kills.set(killer.kills());
                                return s;
                            }
                        },
                        db);
        assertThat(kills.get()).isEqualTo(1);
        assertThat(retries(state)).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 6})
    void idleSessionsKilledAfterTheSnapshotAreReplacedBySpares(long seed) throws Exception {
        String db = TestServers.unique("fault_idle");
        AtomicInteger kills = new AtomicInteger();
        MigrationState state =
                underLoad(
                        seed,
                        d ->
                                Migration.of(
                                                TestServers.config(
                                                        source, target, List.of(d), 2, 100),
                                                (point, session) -> {
                                                    if (point == Checkpoint.UNLOCKED) {
                                                        List<Long> sessions =
                                                                Killer.snapshotSessions(source);
                                                        kills.addAndGet(
                                                                Killer.killAll(
                                                                        source,
                                                                        sessions.subList(0, 1)));
                                                    }
                                                })
                                        .run(),
                        db);
        assertThat(kills.get()).as("an idle snapshot session was killed").isEqualTo(1);
        assertThat(state.restarts()).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8})
    void losingEverySessionRestartsFromANewSnapshot(long seed) throws Exception {
        String db = TestServers.unique("fault_all");
        AtomicBoolean killed = new AtomicBoolean();
        MigrationHooks killAllOnce =
                (point, session) -> {
                    if (point == Checkpoint.CHUNK_COMMITTED && killed.compareAndSet(false, true)) {
                        Killer.killAll(source, Killer.snapshotSessions(source));
                    }
                };
        MigrationState state =
                underLoad(
                        seed,
                        d ->
                                Migration.of(
                                                TestServers.config(
                                                        source, target, List.of(d), 2, 100),
                                                killAllOnce)
                                        .run(),
                        db);
        assertThat(state.restarts()).hasSize(1);
        assertThat(state.restarts().get(0).reason()).contains("point-in-time sync lost");
    }

    /**
     * A source connection killed at a named step of every phase, not only while streaming: before
     * the snapshot it is reconnected or replaced, after it the step moves to another session of the
     * same point in time. Only the lock's own connection is different: its death releases the lock,
     * so the run must start from a new snapshot.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(
            value = Checkpoint.class,
            names = {
                "PREFLIGHT_READING",
                "SESSION_OPENED",
                "SESSIONS_OPENED",
                "LOCK_ACQUIRED",
                "SNAPSHOT_STARTED",
                "UNLOCKED",
                "SCHEMA_READING",
                "PLANNING"
            })
    void aSourceConnectionLostAtAnyStepCostsNoMoreThanARetry(Checkpoint at) throws Exception {
        String db = TestServers.unique("fault_" + at.name().toLowerCase());
        AtomicBoolean killed = new AtomicBoolean();
        MigrationState state =
                underLoad(
                        20 + at.ordinal(),
                        d ->
                                Migration.of(
                                                TestServers.config(
                                                        source, target, List.of(d), 2, 100),
                                                (point, session) -> {
                                                    if (point != at || killed.get()) {
                                                        return;
                                                    }
                                                    String role =
                                                            switch (at) {
                                                                case PREFLIGHT_READING ->
                                                                        "source-probe";
                                                                case SESSION_OPENED ->
                                                                        session == 1
                                                                                ? "source-session-1"
                                                                                : null;
                                                                case SESSIONS_OPENED, UNLOCKED ->
                                                                        "source-session-0";
                                                                case LOCK_ACQUIRED ->
                                                                        "source-session-2";
                                                                case SNAPSHOT_STARTED ->
                                                                        session == 0
                                                                                ? "source-session-0"
                                                                                : null;
                                                                default ->
                                                                        "source-session-"
                                                                                + session; // the
                                                                    // session the step is about to
                                                                    // read on
                                                            };
                                                    if (role != null
                                                            && killed.compareAndSet(false, true)) {
                                                        Killer.killRole(source, role);
                                                        Thread.sleep(
                                                                200); // writers go on meanwhile
                                                    }
                                                })
                                        .run(),
                        db);
        assertThat(killed).as("a connection was killed at %s", at).isTrue();
        assertThat(state.restarts()).as("no restart: the point in time survived").isEmpty();
    }

    /**
     * The connection holding the global read lock dies right after the coordinates were read: the
     * lock is gone and writes slip in while the snapshots start. The run must notice (the lock
     * connection no longer answers once the snapshots started) and take a new point in time; a copy
     * from sessions that straddle the loss would break the invariants or the replication proof
     * below.
     */
    @org.junit.jupiter.api.Test
    void theLockConnectionLostUnderTheLockForcesANewPointInTime() throws Exception {
        String db = TestServers.unique("fault_lock");
        AtomicBoolean killed = new AtomicBoolean();
        MigrationState state =
                underLoad(
                        31,
                        d ->
                                Migration.of(
                                                TestServers.config(
                                                        source, target, List.of(d), 2, 100),
                                                (point, session) -> {
                                                    if (point == Checkpoint.COORDINATES_READ
                                                            && killed.compareAndSet(false, true)) {
                                                        Killer.killRole(
                                                                source, "source-coordinator");
                                                        Thread.sleep(
                                                                300); // writers commit while no
                                                        // lock holds them
                                                    }
                                                })
                                        .run(),
                        db);
        assertThat(state.restarts()).hasSize(1);
        assertThat(state.restarts().get(0).reason()).contains("holding the lock was lost");
    }

    /** What the test does to the proxy once the point in time is taken. */
    @FunctionalInterface
    private interface ProxyAction {
        void apply(TcpProxy proxy) throws Exception;
    }

    /**
     * Through a proxy; {@code atUnlock} picks a connection by its session's role (sessions open in
     * parallel: the order of connections through the proxy is not the order of sessions).
     */
    private MigrationState throughProxy(String db, ProxyAction atUnlock) throws Exception {
        try (TcpProxy proxy = new TcpProxy(source.port())) {
            dev.snapshift.api.MigrationConfig base =
                    TestServers.config(source, target, List.of(db), 2, 100);
            dev.snapshift.api.MigrationConfig config =
                    new dev.snapshift.api.MigrationConfig(
                                    dev.snapshift.api.ConnectionSpec.parse(
                                            "source", "mysql://root@127.0.0.1:" + proxy.port(), ""),
                                    base.target(),
                                    base.databases(),
                                    base.threads(),
                                    base.chunkRows(),
                                    base.lockWaitTimeout(),
                                    base.consistency(),
                                    base.longQueryGuard(),
                                    false,
                                    base.nonTransactional())
                            .withNetworkTimeout(Duration.ofSeconds(5));
            return Migration.of(
                            config,
                            (point, session) -> {
                                if (point == Checkpoint.UNLOCKED) {
                                    atUnlock.apply(proxy);
                                }
                            })
                    .run();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {9, 10})
    void connectionResetByTheNetworkIsRetriedOnASpare(long seed) throws Exception {
        String db = TestServers.unique("fault_reset");
        MigrationState state =
                underLoad(
                        seed,
                        d -> throughProxy(d, proxy -> proxy.reset(source, "source-session-1")),
                        db);
        assertThat(retries(state)).isGreaterThanOrEqualTo(1);
        assertThat(state.restarts()).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void frozenConnectionTimesOutAndIsRetriedOnASpare(long seed) throws Exception {
        String db = TestServers.unique("fault_freeze");
        MigrationState state =
                underLoad(
                        seed,
                        d -> throughProxy(d, proxy -> proxy.freeze(source, "source-session-1")),
                        db);
        assertThat(retries(state)).isGreaterThanOrEqualTo(1);
        assertThat(state.restarts()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void permanentTargetErrorFailsThatTableAtOnceAndTheOthersComplete() throws Exception {
        String db = TestServers.unique("fault_perm");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.big (id INT PRIMARY KEY, v VARCHAR(50))",
                "INSERT INTO `"
                        + db
                        + "`.big WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)"
                        + " SELECT n, REPEAT('x', 40) FROM s",
                "CREATE TABLE `" + db + "`.small (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `" + db + "`.small VALUES (1, 'longer than two')");
        AtomicBoolean narrowed = new AtomicBoolean();
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 1, 200),
                                (point, session) -> {
                                    if (point == Checkpoint.CHUNK_COMMITTED
                                            && narrowed.compareAndSet(false, true)) {
                                        // the target can no longer hold small.v: "Data too long" is
                                        // permanent
                                        target.execute(
                                                "ALTER TABLE `"
                                                        + db
                                                        + "`.small MODIFY v VARCHAR(2)");
                                    }
                                })
                        .run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errorCode()).isNull();
        MigrationState.TableState small =
                state.databases().get(0).tables().stream()
                        .filter(t -> t.name().equals("small"))
                        .findFirst()
                        .orElseThrow();
        MigrationState.TableState big =
                state.databases().get(0).tables().stream()
                        .filter(t -> t.name().equals("big"))
                        .findFirst()
                        .orElseThrow();
        assertThat(small.status()).isEqualTo(Status.FAILED);
        // INSERT says "Data too long"; LOAD DATA LOCAL reports it as a warning, which fails the
        // chunk just the same
        assertThat(small.error()).containsAnyOf("Data too long", "Data truncated for column 'v'");
        assertThat(small.retries()).isZero();
        assertThat(big.status()).isEqualTo(Status.COMPLETED);
        assertThat(big.rows()).isEqualTo(1000);
    }
}
