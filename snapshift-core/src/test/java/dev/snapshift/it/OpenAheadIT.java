package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.TrustStores;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections opened ahead ({@link Connections#openAhead}): the run's snapshot sessions open while
 * the preflight reads, the target's while the snapshot is taken. One taken is the connection opened
 * ahead, with the settings of any other; those never taken are closed; a failure is the failure of
 * the one attempt {@code open} makes, never a second login with wrong credentials; and a run that
 * fails before using them leaves none on the source.
 */
class OpenAheadIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void theConnectionOpenedAheadIsTheOneTakenAndTheOthersAreClosed() throws Exception {
        String tag = TestServers.unique("ahead").replace('_', '-');
        String db = TestServers.unique("ahead_ro");
        source.execute(
                "CREATE DATABASE `" + db + "`", "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
        try (TrustStores trust = new TrustStores();
                Connection admin = source.connect()) {
            Connections connections = TestServers.sourceConnections(source, trust);
            connections.openAhead(List.of(tag + "-a", tag + "-a", tag + "-b"));
            awaitRoles(admin, tag, 3);
            List<Long> ahead = idsOfRole(admin, "source-" + tag + "-a");
            assertThat(ahead).hasSize(2);

            try (Connection taken = connections.open(tag + "-a")) {
                long id = Long.parseLong(Jdbc.scalar(taken, "SELECT CONNECTION_ID()"));
                assertThat(ahead).contains(id);
                // the settings of every source connection: nothing it runs can write
                assertThat(Jdbc.scalar(taken, "SELECT @@session.transaction_read_only"))
                        .isEqualTo("1");
                assertThat(Jdbc.scalar(taken, "SELECT @@session.sql_mode")).isEmpty();
                // refused by the server itself (the driver is not asked to check: it does not ask
                // the server before each statement)
                java.sql.SQLException refused =
                        catchThrowableOfType(
                                () -> Jdbc.execute(taken, "INSERT INTO `" + db + "`.t VALUES (1)"),
                                java.sql.SQLException.class);
                assertThat(refused.getErrorCode())
                        .as("ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION")
                        .isEqualTo(1792);

                connections.closeAhead();
                awaitRoles(admin, tag, 1);
                assertThat(idsOfRole(admin, "source-" + tag + "-a")).containsExactly(id);
                assertThat(idsOfRole(admin, "source-" + tag + "-b")).isEmpty();
                assertThat(taken.isValid(2)).as("the connection taken stays open").isTrue();
            }
            // nothing ahead any more: open makes a new connection
            try (Connection fresh = connections.open(tag + "-b")) {
                assertThat(fresh.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void aConnectionHandedOverIsTheOneTakenForItsPurposeAndClosedIfNoneTakesIt() throws Exception {
        String tag = TestServers.unique("handover").replace('_', '-');
        try (TrustStores trust = new TrustStores()) {
            Connections connections = TestServers.sourceConnections(source, trust);
            Connection first = connections.open(tag + "-schema");
            Connection second = connections.open(tag + "-schema");
            long firstId = Long.parseLong(Jdbc.scalar(first, "SELECT CONNECTION_ID()"));
            connections.handOver(tag + "-copy", first);
            connections.handOver(tag + "-other", second);

            try (Connection taken = connections.open(tag + "-copy")) {
                assertThat(taken).as("the connection handed over, no new login").isSameAs(first);
                assertThat(Long.parseLong(Jdbc.scalar(taken, "SELECT CONNECTION_ID()")))
                        .isEqualTo(firstId);
                // closing one purpose's leaves the others' waiting
                connections.closeAhead(tag + "-copy");
                assertThat(second.isClosed()).isFalse();
                connections.closeAhead(tag + "-other");
                assertThat(second.isClosed()).as("never taken: closed").isTrue();
                assertThat(taken.isValid(2)).as("the one taken stays open").isTrue();
            }
            // nothing handed over any more: open makes a new connection
            try (Connection fresh = connections.open(tag + "-copy")) {
                assertThat(fresh).isNotSameAs(first);
                assertThat(fresh.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void theFirstWorkersLoadOnTheSchemasTargetSessionsWithoutLoggingInAgain() throws Exception {
        String db = TestServers.unique("handover_run");
        String user = TestServers.unique("handover_dst");
        source.execute("CREATE DATABASE `" + db + "`");
        for (int t = 1; t <= 4; t++) {
            source.execute(
                    "CREATE TABLE `" + db + "`.t" + t + " (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO `" + db + "`.t" + t + " VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        }
        target.execute(
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Dst-pass-1'",
                "GRANT ALL ON *.* TO '" + user + "'@'%'");
        ConnectionSpec asUser =
                ConnectionSpec.parse(
                        "target", "mysql://" + user + "@127.0.0.1:" + target.port(), "Dst-pass-1");
        try (Connection admin = target.connect()) {
            // the schema creates 4 tables on 4 target sessions; with 1 worker one of them goes on
            // to the copy, with 4 workers all of them: either way no other is opened for the copy
            long[] logins = new long[2];
            int[] threads = {1, 4};
            for (int i = 0; i < 2; i++) {
                long before = logins(admin, user);
                MigrationState state =
                        Migration.of(
                                        MigrationConfig.of(
                                                TestServers.spec(source),
                                                asUser,
                                                List.of(db),
                                                threads[i]))
                                .run();
                assertThat(state.status())
                        .as("error: %s", state.error())
                        .isEqualTo(dev.snapshift.api.Status.COMPLETED);
                assertThat(state.verdict()).isEqualTo(dev.snapshift.api.Verdict.VERIFIED);
                logins[i] = logins(admin, user) - before;
                for (int t = 1; t <= 4; t++) {
                    assertThat(
                                    Jdbc.scalar(
                                            admin,
                                            "SELECT GROUP_CONCAT(CONCAT(id, '=', IFNULL(v, 'null'))"
                                                    + " ORDER BY id) FROM `"
                                                    + db
                                                    + "`.t"
                                                    + t))
                            .isEqualTo("1=a,2=b,3=null");
                }
                target.execute("DROP DATABASE `" + db + "`");
            }
            assertThat(logins[1])
                    .as("target logins with 4 workers, against %s with 1", logins[0])
                    .isEqualTo(logins[0]);
        } finally {
            source.execute("DROP DATABASE `" + db + "`");
            target.execute("DROP USER '" + user + "'@'%'", "DROP DATABASE IF EXISTS `" + db + "`");
        }
    }

    @Test
    void aConnectionOpenedAheadThatDiedWhileItWaitedIsReplaced() throws Exception {
        String tag = TestServers.unique("ahead").replace('_', '-');
        try (TrustStores trust = new TrustStores();
                Connection admin = source.connect()) {
            Connections connections = TestServers.sourceConnections(source, trust);
            connections.openAhead(List.of(tag + "-s"));
            awaitRoles(admin, tag, 1);
            long dead = idsOfRole(admin, "source-" + tag + "-s").get(0);
            // killed once it is open and waits: its role shows from its login on, but the opening
            // goes on with the driver's and snapshift's session settings (a kill then is a failed
            // opening, thrown by open as any other)
            awaitOpened(admin, dead);
            // what the server's wait_timeout, or a DBA, does to a connection idle for long
            admin.createStatement().execute("KILL " + dead);
            Thread.sleep(Connections.CHECK_AHEAD_AFTER.toMillis() + 200);
            try (Connection taken = connections.open(tag + "-s")) {
                assertThat(Long.parseLong(Jdbc.scalar(taken, "SELECT CONNECTION_ID()")))
                        .as("a new connection, not the dead one")
                        .isNotEqualTo(dead);
                assertThat(Jdbc.scalar(taken, "SELECT @@session.transaction_read_only"))
                        .isEqualTo("1");
            } finally {
                connections.closeAhead();
            }
        }
    }

    @Test
    void aFailedOpenAheadIsTheFailureOfOpenAndNoSecondLoginIsTried() throws Exception {
        String user = TestServers.unique("ahead_user");
        // an account locked by its second failed login: one failure per open, or it is locked
        source.execute(
                "CREATE USER '"
                        + user
                        + "'@'%' IDENTIFIED BY 'Right-pass-1' FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1");
        try (TrustStores trust = new TrustStores()) {
            Connections wrong = as(user, "Wrong-pass-1", trust);
            wrong.openAhead(List.of("probe"));
            SnapshiftException e =
                    catchThrowableOfType(() -> wrong.open("probe"), SnapshiftException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(e.getMessage()).contains("authentication failed for source " + user);
            wrong.closeAhead();

            Connections right = as(user, "Right-pass-1", trust);
            try (Connection c = right.open("probe")) {
                assertThat(c.isValid(2))
                        .as("one failed login only: the account is not locked")
                        .isTrue();
            }
        } finally {
            source.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void aRunRefusedByThePreflightLeavesNoConnectionOnTheSource() throws Exception {
        String db = TestServers.unique("ahead_refused");
        String user = TestServers.unique("ahead_src");
        databaseAndUser(db, user);
        // the target already holds the table: the preflight refuses, after the snapshot sessions
        // began opening ahead
        target.execute("CREATE DATABASE `" + db + "`", "CREATE TABLE `" + db + "`.t (x INT)");
        try (Connection admin = source.connect()) {
            MigrationConfig config =
                    MigrationConfig.of(
                            spec(user, "Src-pass-1"), TestServers.spec(target), List.of(db), 8);
            MigrationState refused = Migration.of(config).run();
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.PREFLIGHT);
            assertThat(refused.error()).contains(db);
            assertNoConnectionOf(admin, user, "connections of the refused run still on the source");
        } finally {
            source.execute("DROP USER '" + user + "'@'%'", "DROP DATABASE `" + db + "`");
            target.execute("DROP DATABASE `" + db + "`");
        }
    }

    @Test
    void aConnectionPendingForAPurposeIsNotOpenedTwice() throws Exception {
        String user = TestServers.unique("ahead_once");
        source.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Right-pass-1'");
        try (TrustStores trust = new TrustStores();
                Connection admin = source.connect()) {
            Connections connections = as(user, "Right-pass-1", trust);
            // the run's early probe, then the preflight's attempt asking for one
            connections.openAhead(List.of("probe"));
            connections.openAheadUnlessPending("probe");
            try (Connection probe = connections.open("probe")) {
                // closeAhead waits for any other still opening, then closes it
                connections.closeAhead();
                assertThat(logins(admin, user)).as("logins for one probe").isEqualTo(1);
            }
            // none pending any more: a new one is opened
            connections.openAheadUnlessPending("probe");
            try (Connection probe = connections.open("probe")) {
                connections.closeAhead();
                assertThat(logins(admin, user)).isEqualTo(2);
            }
        } finally {
            source.execute("DROP USER '" + user + "'@'%'");
        }
    }

    /** Every connection {@code user} has made (performance_schema counts ended ones too). */
    private static long logins(Connection admin, String user) throws Exception {
        return Long.parseLong(
                Jdbc.scalar(
                        admin,
                        "SELECT COALESCE(SUM(TOTAL_CONNECTIONS), 0) FROM performance_schema.accounts"
                                + " WHERE USER = '"
                                + user
                                + "'"));
    }

    @Test
    void aRunWhoseStateCannotBeRecordedLeavesNoConnectionOnTheSource() throws Exception {
        String db = TestServers.unique("ahead_nostate");
        String user = TestServers.unique("ahead_ns");
        databaseAndUser(db, user);
        // a file where the state directory should be: the run's probes were already opening
        // (MigrationRunner.Links) when recording the run failed
        java.nio.file.Path notADirectory =
                java.nio.file.Files.createTempFile("snapshift", ".state");
        try (Connection admin = source.connect()) {
            MigrationConfig config =
                    MigrationConfig.of(
                                    spec(user, "Src-pass-1"),
                                    TestServers.spec(target),
                                    List.of(db),
                                    8)
                            .withStateDir(notADirectory);
            MigrationState refused = Migration.of(config).run();
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.USAGE);
            assertThat(refused.error()).contains("cannot record the run");
            assertNoConnectionOf(admin, user, "connections of the run on the source");
        } finally {
            java.nio.file.Files.deleteIfExists(notADirectory);
            source.execute("DROP USER '" + user + "'@'%'", "DROP DATABASE `" + db + "`");
        }
    }

    @Test
    void theLockWatchdogIsASourceConnectionOpenedAheadWithTheSessions() throws Exception {
        String db = TestServers.unique("ahead_watchdog");
        String user = TestServers.unique("ahead_wd");
        databaseAndUser(db, user);
        source.execute("INSERT INTO `" + db + "`.t VALUES (1), (2)");
        String watchdogs =
                "SELECT t.PROCESSLIST_ID FROM performance_schema.session_connect_attrs a"
                        + " JOIN performance_schema.threads t ON t.PROCESSLIST_ID = a.PROCESSLIST_ID"
                        + " WHERE a.ATTR_NAME = 'snapshift_role' AND a.ATTR_VALUE = 'source-lock-watchdog'"
                        + " AND t.PROCESSLIST_USER = '"
                        + user
                        + "'";
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Connection admin = source.connect();
                Connection holder = source.connect()) {
            MigrationConfig config =
                    MigrationConfig.of(
                                    spec(user, "Src-pass-1"),
                                    TestServers.spec(target),
                                    List.of(db),
                                    2)
                            .withConsistency(dev.snapshift.api.ConsistencyMode.SNAPSHOT)
                            .withLockWaitTimeout(Duration.ofSeconds(30));
            Thread[] watcher = {null};
            MigrationState state =
                    Migration.of(
                                    config,
                                    (point, session) -> {
                                        if (point != dev.snapshift.api.Checkpoint.SESSIONS_OPENED) {
                                            return;
                                        }
                                        // the global read lock waits for this table lock: the
                                        // watchdog is open while it waits, and seen then
                                        Jdbc.execute(holder, "LOCK TABLES `" + db + "`.t WRITE");
                                        watcher[0] =
                                                new Thread(
                                                        () -> {
                                                            try {
                                                                seen.addAll(
                                                                        watchdogSettings(
                                                                                admin, user,
                                                                                watchdogs));
                                                                Jdbc.execute(
                                                                        holder, "UNLOCK TABLES");
                                                            } catch (Exception e) {
                                                                seen.add(e.toString());
                                                            }
                                                        });
                                        watcher[0].start();
                                    })
                            .run();
            watcher[0].join();
            assertThat(state.status())
                    .as("error: %s", state.error())
                    .isEqualTo(dev.snapshift.api.Status.COMPLETED);
            // one watchdog, made as every source connection of the run (read-only, by the
            // source's Connections, which opened it ahead with the snapshot's sessions: the
            // lock statement does not wait for its handshakes)
            assertThat(seen).containsExactly("sql_mode= transaction_read_only=ON");
            assertNoConnectionOf(admin, user, "connections of the run, the watchdog among them");
        } finally {
            source.execute("DROP USER '" + user + "'@'%'", "DROP DATABASE `" + db + "`");
            target.execute("DROP DATABASE IF EXISTS `" + db + "`");
        }
    }

    /**
     * The {@code sql_mode} and {@code transaction_read_only} of each watchdog connection {@code
     * watchdogs} lists, once there is one (waits up to 30 s).
     */
    private static List<String> watchdogSettings(Connection admin, String user, String watchdogs)
            throws Exception {
        String waiting =
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '"
                        + user
                        + "' AND INFO LIKE 'FLUSH TABLES WITH READ LOCK%'";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"1".equals(Jdbc.scalar(admin, waiting)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Long> ids = Jdbc.query(admin, watchdogs, rs -> rs.getLong(1));
        List<String> settings = new java.util.ArrayList<>();
        for (long id : ids) {
            settings.add(
                    Jdbc.scalar(
                            admin,
                            "SELECT GROUP_CONCAT(CONCAT(v.VARIABLE_NAME, '=', v.VARIABLE_VALUE)"
                                    + " ORDER BY v.VARIABLE_NAME SEPARATOR ' ')"
                                    + " FROM performance_schema.threads t"
                                    + " JOIN performance_schema.variables_by_thread v"
                                    + " ON v.THREAD_ID = t.THREAD_ID WHERE t.PROCESSLIST_ID = "
                                    + id
                                    + " AND v.VARIABLE_NAME IN ('sql_mode', 'transaction_read_only')"));
        }
        return settings;
    }

    /**
     * No connection of {@code user} on the source: a closed connection leaves the server's process
     * list a moment after the client closed it, so this waits up to 5 s for that.
     */
    private static void assertNoConnectionOf(Connection admin, String user, String what)
            throws Exception {
        String sql =
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + user + "'";
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!"0".equals(Jdbc.scalar(admin, sql)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Jdbc.scalar(admin, sql)).as(what).isEqualTo("0");
    }

    /**
     * A database {@code db} with an empty table {@code t} on the source, and a source account
     * {@code user} (password {@code Src-pass-1}) that may do everything: a run of its own, whose
     * connections the test can tell from any other test's.
     */
    private void databaseAndUser(String db, String user) {
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)",
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Src-pass-1'",
                "GRANT ALL ON *.* TO '" + user + "'@'%'");
    }

    /** The source's connections as {@code user}. */
    private Connections as(String user, String password, TrustStores trust) {
        return new Connections("source", spec(user, password), trust, Duration.ofMinutes(1));
    }

    private ConnectionSpec spec(String user, String password) {
        return ConnectionSpec.parse(
                "source", "mysql://" + user + "@127.0.0.1:" + source.port(), password);
    }

    /** Waits until exactly {@code count} connections have a role tagged {@code tag}. */
    private static void awaitRoles(Connection admin, String tag, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen;
        do {
            seen = idsOfRole(admin, "source-" + tag + "%").size();
            if (seen == count) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(seen).as("connections tagged " + tag).isEqualTo(count);
    }

    /**
     * Waits until the connection {@code id} has run the last of snapshift's session settings (an
     * empty {@code sql_mode}, the sandbox's default is not) and is idle: its opening has ended.
     */
    private static void awaitOpened(Connection admin, long id) throws Exception {
        String sql =
                "SELECT COUNT(*) FROM performance_schema.threads t"
                        + " JOIN performance_schema.variables_by_thread v ON v.THREAD_ID = t.THREAD_ID"
                        + " WHERE t.PROCESSLIST_ID = "
                        + id
                        + " AND t.PROCESSLIST_COMMAND = 'Sleep'"
                        + " AND v.VARIABLE_NAME = 'sql_mode' AND v.VARIABLE_VALUE = ''";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"1".equals(Jdbc.scalar(admin, sql)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Jdbc.scalar(admin, sql)).as("connection " + id + " opened").isEqualTo("1");
    }

    private static List<Long> idsOfRole(Connection admin, String rolePattern) throws Exception {
        return Jdbc.query(
                admin,
                "SELECT t.PROCESSLIST_ID FROM performance_schema.session_connect_attrs a"
                        + " JOIN performance_schema.threads t ON t.PROCESSLIST_ID = a.PROCESSLIST_ID"
                        + " WHERE a.ATTR_NAME = 'snapshift_role' AND a.ATTR_VALUE LIKE ?",
                rs -> rs.getLong(1),
                rolePattern);
    }
}
