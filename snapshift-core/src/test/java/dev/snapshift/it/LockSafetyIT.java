package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lock safety on real servers: long queries, bounded lock waits, privileges, DDL during the copy,
 * MyISAM tables.
 */
class LockSafetyIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    private String smallDatabase(SandboxServer s) {
        String db = TestServers.unique("safe");
        s.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `" + db + "`.t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
                "CREATE TABLE `" + db + "`.w (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6))");
        return db;
    }

    /** Inserts into {@code db.w} in a loop and records the slowest insert. */
    static final class Writer implements AutoCloseable {
        final AtomicLong worstMillis = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Writer(SandboxServer s, String db) {
            thread =
                    new Thread(
                            () -> {
                                try (Connection c = s.connect(db);
                                        Statement st = c.createStatement()) {
                                    while (running) {
                                        long t0 = System.nanoTime();
                                        st.execute("INSERT INTO w (at) VALUES (NOW(6))");
                                        worstMillis.accumulateAndGet(
                                                (System.nanoTime() - t0) / 1_000_000, Math::max);
                                        writes.incrementAndGet();
                                        Thread.sleep(5);
                                    }
                                } catch (Exception e) {
                                    if (running) {
                                        throw new IllegalStateException(e);
                                    }
                                }
                            },
                            "test-writer");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }

    @Test
    void longRunningQueryIsRefusedNamingItAndWritersAreNotStalled() throws Exception {
        String db = smallDatabase(source);
        AtomicReference<Throwable> sleeper = new AtomicReference<>();
        Connection sleeping = source.connect();
        Thread slow =
                new Thread(
                        () -> {
                            try (Statement st = sleeping.createStatement()) {
                                st.executeQuery("SELECT SLEEP(30) FROM `" + db + "`.t LIMIT 1");
                            } catch (SQLException e) {
                                sleeper.set(e);
                            }
                        });
        slow.start();
        Thread.sleep(2_200);
        MigrationConfig config =
                TestServers.config(source, target, List.of(db), 2, 1000)
                        .withLongQueryGuard(Duration.ofSeconds(1), false)
                        .withLockWaitTimeout(Duration.ofSeconds(2));
        MigrationState state;
        try (Writer writer = new Writer(source, db)) {
            state = Migration.of(config).run();
            Thread.sleep(200);
            assertThat(writer.worstMillis.get()).as("worst writer latency, ms").isLessThan(2_000);
            assertThat(writer.writes.get()).isPositive();
        }
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errorCode()).isEqualTo(ErrorCode.PREFLIGHT);
        assertThat(state.error())
                .contains("SELECT SLEEP(30)")
                .contains("--kill-long-queries")
                .contains("running");
        assertThat(databaseExists(target, db)).as("target untouched").isFalse();

        // told to, it kills the query and goes on
        MigrationState killed =
                Migration.of(config.withLongQueryGuard(Duration.ofSeconds(1), true)).run();
        slow.join(10_000);
        sleeping.close();
        assertThat(killed.status()).as("error: %s", killed.error()).isEqualTo(Status.COMPLETED);
        assertThat(slow.isAlive()).isFalse();
    }

    @Test
    void lockWaitIsBoundedAndRetriedThenFailsWithAdvice() throws Exception {
        String db = smallDatabase(source);
        String other = smallDatabase(source);
        // an idle session holding a table write lock: not a long query, but FTWRL must wait for it
        try (Connection holder = source.connect();
                Statement st = holder.createStatement()) {
            st.execute("LOCK TABLES `" + db + "`.t WRITE");
            MigrationConfig config =
                    TestServers.config(source, target, List.of(db), 2, 1000)
                            .withLockWaitTimeout(Duration.ofSeconds(1));
            MigrationState state;
            try (Writer writer = new Writer(source, other)) {
                state = Migration.of(config).run();
                assertThat(writer.worstMillis.get())
                        .as("writers on other tables wait at most about one lock timeout")
                        .isLessThan(1_900);
            }
            assertThat(state.errorCode()).isEqualTo(ErrorCode.SNAPSHOT);
            assertThat(state.error())
                    .contains("could not take the global read lock within 1s")
                    .contains("SHOW PROCESSLIST");
            st.execute("UNLOCK TABLES");
        }
        assertThat(databaseExists(target, db)).isFalse();
    }

    @Test
    void coordinatorKilledWhileWaitingForTheLockIsReplacedAndTheLockRetried() throws Exception {
        String db = smallDatabase(source);
        try (Connection holder = source.connect();
                Statement st = holder.createStatement();
                Killer killer = new Killer(source, "FLUSH %TABLES%", 1)) {
            st.execute("LOCK TABLES `" + db + "`.t WRITE");
            Thread release =
                    new Thread(
                            () -> {
                                try {
                                    while (killer.kills() == 0) {
                                        Thread.sleep(5);
                                    }
                                    st.execute("UNLOCK TABLES");
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            release.start();
            MigrationState state =
                    Migration.of(
                                    TestServers.config(source, target, List.of(db), 2, 1000)
                                            .withLockWaitTimeout(Duration.ofSeconds(5)))
                            .run();
            release.join(10_000);
            assertThat(killer.kills()).isEqualTo(1);
            assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        }
    }

    @Test
    void consistencyNoneCopiesWithoutLockOrCoordinatesAndSaysSo() throws Exception {
        String db = smallDatabase(source);
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 2, 1000)
                                        .withConsistency(ConsistencyMode.NONE))
                        .run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.consistency()).isEqualTo("NONE");
        assertThat(state.binlog()).isNull();
        assertThat(state.lock()).isNull();
    }

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MARIADB_11_4_5"})
    void autoWithoutReloadPicksWhatTheServerAllowsAndStaysConsistent(Flavor flavor)
            throws Exception {
        SandboxServer src = TestServers.source(flavor);
        SandboxServer dst = TestServers.target(flavor);
        String db = TestServers.unique("norel");
        String user = "norel_" + db;
        src.createUser(
                user,
                "No-Reload-1",
                "SELECT, LOCK TABLES, REPLICATION CLIENT, PROCESS, SHOW VIEW ON *.*");
        try (Connection c = src.connect()) {
            TransferWorkload.createSchema(c, db, 100, 500);
        }
        MigrationConfig base = TestServers.config(src, dst, List.of(db), 2, 200);
        MigrationConfig config =
                base.withSource(
                                dev.snapshift.api.ConnectionSpec.parse(
                                        "source",
                                        "mysql://"
                                                + user
                                                + ":No-Reload-1@"
                                                + src.host()
                                                + ":"
                                                + src.port(),
                                        null))
                        .withConsistency(ConsistencyMode.AUTO);
        MigrationState state;
        try (TransferWorkload load =
                TransferWorkload.start(
                        src.jdbcUrl(db), src.rootUser(), src.rootPassword(), 3, 11)) {
            ConsistencyIT.awaitCommits(load, 300);
            state = Migration.of(config).run();
        }
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.consistency()).isEqualTo(flavor.isMariaDb() ? "LOCKLESS" : "LOCK_TABLES");
        assertThat(state.binlog()).isNotNull();
        try (Connection t = dst.connect()) {
            assertThat(TransferWorkload.checkInvariants(t, db, 100, 500)).isEmpty();
        }
    }

    @Test
    void ddlDuringTheCopyWaitsBehindTheBackupLock() throws Exception {
        String db = smallDatabase(source);
        AtomicReference<SQLException> ddl = new AtomicReference<>();
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 1, 1000),
                                (point, session) -> {
                                    if (point == Checkpoint.UNLOCKED) {
                                        try (Connection c = source.connect();
                                                Statement st = c.createStatement()) {
                                            st.execute("SET SESSION lock_wait_timeout = 1");
                                            st.execute(
                                                    "ALTER TABLE `"
                                                            + db
                                                            + "`.t ADD COLUMN extra INT");
                                        } catch (SQLException e) {
                                            ddl.set(e);
                                        }
                                    }
                                })
                        .run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(ddl).as("the ALTER had to wait for the backup lock").doesNotHaveNullValue();
        assertThat(ddl.get().getErrorCode()).isEqualTo(1205);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
        }
    }

    @Test
    void ddlDuringTheCopyWithoutBackupLockFailsTheTableLoudly() throws Exception {
        SandboxServer src = TestServers.source(Flavor.MARIADB_11_4_5);
        SandboxServer dst = TestServers.target(Flavor.MARIADB_11_4_5);
        String db = smallDatabase(src);
        MigrationState state =
                Migration.of(
                                TestServers.config(src, dst, List.of(db), 1, 1000),
                                (point, session) -> {
                                    if (point == Checkpoint.UNLOCKED) {
                                        try (Connection c = src.connect();
                                                Statement st = c.createStatement()) {
                                            st.execute("TRUNCATE TABLE `" + db + "`.t");
                                        }
                                    }
                                })
                        .run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        MigrationState.TableState t =
                state.databases().get(0).tables().stream()
                        .filter(x -> x.name().equals("t"))
                        .findFirst()
                        .orElseThrow();
        assertThat(t.status()).isEqualTo(Status.FAILED);
        assertThat(t.error())
                .contains("1412")
                .contains("altered, truncated or rebuilt on the source during the copy");
    }

    @Test
    void nonTransactionalTablesFailByDefaultAndCopyUnderTheLockWhenAsked() throws Exception {
        String db = smallDatabase(source);
        source.execute(
                "CREATE TABLE `" + db + "`.m (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=MyISAM",
                "INSERT INTO `" + db + "`.m VALUES (1, 'x'), (2, 'y')");
        MigrationConfig config = TestServers.config(source, target, List.of(db), 2, 1000);
        MigrationState refused = Migration.of(config).run();
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.PREFLIGHT);
        assertThat(refused.error())
                .contains(db + ".m (MyISAM)")
                .contains("--non-transactional=lock");
        assertThat(databaseExists(target, db)).isFalse();

        MigrationState locked =
                Migration.of(config.withNonTransactional(NonTransactionalPolicy.LOCK)).run();
        assertThat(locked.status()).as("error: %s", locked.error()).isEqualTo(Status.COMPLETED);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
            assertThat(engine(t, db, "m")).isEqualTo("MyISAM");
        }
    }

    @Test
    void nonTransactionalTablesCanBeSkipped() throws Exception {
        String db = smallDatabase(source);
        source.execute(
                "CREATE TABLE `" + db + "`.m (id INT PRIMARY KEY) ENGINE=MyISAM",
                "INSERT INTO `" + db + "`.m VALUES (1)");
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 2, 1000)
                                        .withNonTransactional(NonTransactionalPolicy.SKIP))
                        .run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        MigrationState.TableState m =
                state.databases().get(0).tables().stream()
                        .filter(x -> x.name().equals("m"))
                        .findFirst()
                        .orElseThrow();
        assertThat(m.status()).isEqualTo(Status.SKIPPED);
        assertThat(m.error()).contains("skipped");
    }

    static String engine(Connection c, String db, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT ENGINE FROM information_schema.TABLES"
                                        + " WHERE TABLE_SCHEMA = '"
                                        + db
                                        + "' AND TABLE_NAME = '"
                                        + table
                                        + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static boolean databaseExists(SandboxServer s, String db) throws SQLException {
        try (Connection c = s.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                                        + db
                                        + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
