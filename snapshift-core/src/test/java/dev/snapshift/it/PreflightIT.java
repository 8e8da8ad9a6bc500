package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Preflight;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.OnlineOptions;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightCheck.Level;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The preflight against real servers: each finding on a server that really has the problem. Global
 * settings (no binary log, sql_require_primary_key, a small max_allowed_packet) live on a server of
 * this class's own; the shared servers only get databases and users with unique names.
 */
class PreflightIT {
    static final String PASSWORD = "Pre-flight-1";
    static SandboxServer strict;

    final SandboxServer mysql = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer mysqlTarget = TestServers.target(Flavor.MYSQL_8_0_33);

    @BeforeAll
    static void startStrictServer() {
        strict =
                SandboxServer.start(
                        SandboxOptions.of(Flavor.MYSQL_8_0_15)
                                .withServerId(4711)
                                .withLogBin(false)
                                .withExtraArgs(
                                        List.of(
                                                "--sql-require-primary-key=ON",
                                                "--max-allowed-packet=1M")));
    }

    @AfterAll
    static void stopStrictServer() {
        if (strict != null) {
            strict.close();
        }
    }

    @Test
    void allGoodHasNoFail() {
        String db =
                database(
                        mysql,
                        "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB",
                        "INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        PreflightReport r = run(config(mysql, mysqlTarget, db));
        assertThat(r.checks()).as(print(r)).noneMatch(c -> c.level() == Level.FAIL);
        assertThat(r.failed()).isFalse();
        assertThat(check(r, "source version").detail()).startsWith("MySQL 8.0.33");
        assertThat(check(r, "target version").detail())
                .startsWith("MySQL 8.0.33")
                .contains("source MySQL 8.0.33");
        assertThat(check(r, "consistency").detail()).startsWith("snapshot");
        assertThat(check(r, "log_bin").level()).isEqualTo(Level.OK);
        assertThat(check(r, "binlog format").detail())
                .contains("binlog_format=ROW, binlog_row_image=FULL");
        assertThat(check(r, "binlog retention").detail())
                .contains("binlog_expire_logs_seconds=2592000");
        assertThat(check(r, "gtid").detail()).contains("gtid_mode=");
        assertThat(check(r, "data size").detail()).contains("1 table").contains("assumed 50 MB/s");
        assertThat(check(r, "history list length").level()).isEqualTo(Level.OK);
        assertThat(check(r, "target objects").level()).isEqualTo(Level.OK);
        assertThat(check(r, "target privileges").level()).isEqualTo(Level.OK);
        assertThat(check(r, "long queries").level()).isEqualTo(Level.OK);
    }

    @Test
    void sourceWithoutBinaryLogWarnsWithTheFix() {
        String db = database(strict, "CREATE TABLE items (id INT PRIMARY KEY)");
        PreflightReport r = run(config(strict, mysqlTarget, db));
        PreflightCheck logBin = check(r, "log_bin");
        assertThat(logBin.level()).as(print(r)).isEqualTo(Level.WARN);
        assertThat(logBin.detail()).contains("OFF").contains("no coordinates");
        assertThat(logBin.fix()).contains("enable log_bin").contains("restart");
        assertThat(r.checks()).noneMatch(c -> c.name().equals("binlog retention"));
        assertThat(r.failed()).as(print(r)).isFalse();
    }

    @Test
    void myIsamTableFailsByDefaultAndWarnsWhenCopiedUnderTheLock() {
        String db =
                database(
                        mysql,
                        "CREATE TABLE orders (id INT PRIMARY KEY) ENGINE=InnoDB",
                        "CREATE TABLE legacy (id INT PRIMARY KEY, note VARCHAR(40)) ENGINE=MyISAM");
        PreflightCheck refused = check(run(config(mysql, mysqlTarget, db)), "non-transactional");
        assertThat(refused.level()).isEqualTo(Level.FAIL);
        assertThat(refused.detail()).contains(db + ".legacy (MyISAM)").doesNotContain("orders");
        assertThat(refused.fix())
                .contains("--non-transactional=lock")
                .contains("--non-transactional=skip");

        PreflightReport locked =
                run(
                        config(mysql, mysqlTarget, db)
                                .withNonTransactional(NonTransactionalPolicy.LOCK));
        assertThat(check(locked, "non-transactional").level()).isEqualTo(Level.WARN);
        assertThat(check(locked, "non-transactional").detail())
                .contains("copied under the lock")
                .contains("writers wait");
        assertThat(locked.failed()).as(print(locked)).isFalse();

        PreflightCheck skipped =
                check(
                        run(
                                config(mysql, mysqlTarget, db)
                                        .withNonTransactional(NonTransactionalPolicy.SKIP)),
                        "non-transactional");
        assertThat(skipped.level()).isEqualTo(Level.WARN);
        assertThat(skipped.detail()).contains("will not be copied");
    }

    @Test
    void tableWithoutPrimaryKeyWarnsAndATargetRequiringOneRefuses() {
        String db =
                database(
                        mysql,
                        "CREATE TABLE keyed (id INT PRIMARY KEY)",
                        "CREATE TABLE nokey (v VARCHAR(10), w INT)",
                        "CREATE TABLE uniq (code CHAR(3) NOT NULL, UNIQUE KEY (code))");
        PreflightReport r = run(config(mysql, strict, db));
        PreflightCheck noKey = check(r, "tables without key");
        assertThat(noKey.level()).as(print(r)).isEqualTo(Level.WARN);
        assertThat(noKey.detail())
                .contains(db + ".nokey")
                .contains("one chunk")
                .doesNotContain(db + ".uniq")
                .doesNotContain(db + ".keyed");
        assertThat(noKey.fix()).contains("PRIMARY KEY");

        PreflightCheck required = check(r, "sql_require_primary_key");
        assertThat(required.level()).isEqualTo(Level.FAIL);
        assertThat(required.detail())
                .contains(db + ".nokey")
                .contains(db + ".uniq")
                .doesNotContain("keyed");
        assertThat(required.fix()).contains("sql_require_primary_key = OFF");

        PreflightCheck packet = check(r, "max_allowed_packet");
        assertThat(packet.level()).isEqualTo(Level.WARN);
        assertThat(packet.fix()).contains("max_allowed_packet = 67108864");
    }

    @Test
    void aTableTheUserCannotReadIsNamedAsUnreadableNotAsKeyless() throws Exception {
        String db =
                database(
                        mysql,
                        "CREATE TABLE readable (id INT PRIMARY KEY, v INT)",
                        "CREATE TABLE insert_only (id INT PRIMARY KEY, v INT)",
                        "CREATE TABLE some_columns (id INT PRIMARY KEY, v INT)",
                        "CREATE TABLE nokey (v INT)");
        String user = TestServers.unique("pf_noread");
        mysql.createUser(
                user,
                PASSWORD,
                "RELOAD, REPLICATION CLIENT, PROCESS ON *.*",
                "SELECT ON `" + db + "`.readable",
                "SELECT ON `" + db + "`.nokey",
                "INSERT ON `" + db + "`.insert_only",
                "SELECT (v) ON `" + db + "`.some_columns");
        try {
            PreflightReport r = run(config(as(mysql, user), TestServers.spec(mysqlTarget), db));
            PreflightCheck unreadable = check(r, "unreadable tables");
            assertThat(unreadable.level()).as(print(r)).isEqualTo(Level.FAIL);
            assertThat(unreadable.detail())
                    .contains("cannot read 2 tables")
                    .contains(db + ".insert_only")
                    .contains(db + ".some_columns")
                    .doesNotContain(db + ".readable")
                    .doesNotContain(db + ".nokey");
            assertThat(unreadable.fix())
                    .contains("GRANT SELECT ON `" + db + "`.`insert_only` TO '" + user + "'@'%'")
                    .contains("GRANT SELECT ON `" + db + "`.`some_columns` TO '" + user + "'@'%'");
            PreflightCheck noKey = check(r, "tables without key");
            assertThat(noKey.detail())
                    .as("only the table that really has no key")
                    .contains(db + ".nokey")
                    .doesNotContain("insert_only")
                    .doesNotContain("some_columns")
                    .doesNotContain("readable");
        } finally {
            mysql.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void userWithoutReloadFailsSnapshotAndAutoSaysLockTables() throws Exception {
        String db = database(mysql, "CREATE TABLE items (id INT PRIMARY KEY)");
        String user = TestServers.unique("pf_noreload");
        mysql.createUser(user, PASSWORD, "SELECT, LOCK TABLES, REPLICATION CLIENT, PROCESS ON *.*");
        try {
            MigrationConfig config = config(as(mysql, user), TestServers.spec(mysqlTarget), db);
            PreflightCheck snapshot = check(run(config), "consistency");
            assertThat(snapshot.level()).isEqualTo(Level.FAIL);
            assertThat(snapshot.detail()).contains("RELOAD").contains(user);
            assertThat(snapshot.fix())
                    .contains("GRANT RELOAD ON *.* TO '" + user + "'@'%'")
                    .contains("--consistency lock-tables");

            PreflightReport auto = run(config.withConsistency(ConsistencyMode.AUTO));
            PreflightCheck picked = check(auto, "consistency");
            assertThat(picked.level()).isEqualTo(Level.WARN);
            assertThat(picked.detail()).contains("auto will use lock-tables");
            assertThat(auto.failed()).as(print(auto)).isFalse();
        } finally {
            mysql.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void longRunningQueryFailsNamingItUnlessItMayBeKilled() throws Exception {
        String db = database(mysql, "CREATE TABLE items (id INT PRIMARY KEY)");
        String marker = "preflight_sleep_" + db;
        try (Connection sleeper = mysql.connect();
                Connection admin = mysql.connect()) {
            long id = connectionId(sleeper);
            CompletableFuture<Void> sleeping =
                    CompletableFuture.runAsync(
                            () -> {
                                try (Statement st = sleeper.createStatement()) {
                                    st.executeQuery("SELECT SLEEP(30) AS " + marker);
                                } catch (SQLException e) {
                                    // ended by KILL QUERY in the cleanup below
                                }
                            });
            try {
                awaitRunning(admin, id, 1);
                MigrationConfig config =
                        config(mysql, mysqlTarget, db)
                                .withLongQueryGuard(Duration.ofSeconds(1), false);
                PreflightCheck refused = check(run(config), "long queries");
                assertThat(refused.level()).isEqualTo(Level.FAIL);
                assertThat(refused.detail())
                        .contains("id " + id + ", user root, ")
                        .contains("SELECT SLEEP(30) AS " + marker);
                assertThat(refused.fix()).contains("--kill-long-queries");

                PreflightCheck killing =
                        check(
                                run(config.withLongQueryGuard(Duration.ofSeconds(1), true)),
                                "long queries");
                assertThat(killing.level()).isEqualTo(Level.WARN);
                assertThat(killing.detail()).contains("will be killed");
                assertThat(sleeping).as("the preflight never kills").isNotDone();
            } finally {
                try (Statement st = admin.createStatement()) {
                    st.execute("KILL QUERY " + id);
                }
                sleeping.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void locklessIsRefusedOnMySqlWithTheReason() {
        String db = database(mysql, "CREATE TABLE items (id INT PRIMARY KEY)");
        PreflightCheck c =
                check(
                        run(
                                config(mysql, mysqlTarget, db)
                                        .withConsistency(ConsistencyMode.LOCKLESS)),
                        "consistency");
        assertThat(c.level()).isEqualTo(Level.FAIL);
        assertThat(c.detail()).contains("written to the binlog before it becomes visible");
        assertThat(c.fix()).contains("--consistency snapshot").contains("lock-tables");
    }

    @Test
    void locklessIsFineOnMariaDb() throws Exception {
        SandboxServer maria = TestServers.source(Flavor.MARIADB_11_4_5);
        SandboxServer mariaTarget = TestServers.target(Flavor.MARIADB_11_4_5);
        String db = database(maria, "CREATE TABLE items (id INT PRIMARY KEY) ENGINE=InnoDB");
        PreflightReport r =
                run(config(maria, mariaTarget, db).withConsistency(ConsistencyMode.LOCKLESS));
        assertThat(check(r, "consistency").level()).as(print(r)).isEqualTo(Level.OK);
        assertThat(check(r, "consistency").detail()).startsWith("lockless");
        assertThat(check(r, "source version").detail()).startsWith("MariaDB 11.4.5");
        assertThat(check(r, "gtid").detail()).contains("gtid_binlog_pos=");
        assertThat(r.failed()).as(print(r)).isFalse();

        String user = TestServers.unique("pf_maria");
        maria.createUser(user, PASSWORD, "SELECT, LOCK TABLES, BINLOG MONITOR ON *.*");
        try {
            PreflightReport auto =
                    run(
                            config(as(maria, user), TestServers.spec(mariaTarget), db)
                                    .withConsistency(ConsistencyMode.AUTO));
            assertThat(check(auto, "consistency").detail())
                    .as(print(auto))
                    .startsWith("auto will use lockless");
            assertThat(check(auto, "process list").level()).isEqualTo(Level.WARN);
            assertThat(check(auto, "history list length").level())
                    .as("status variable, no PROCESS needed")
                    .isEqualTo(Level.OK);
        } finally {
            maria.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void conflictingTableOrViewOnTheTargetFails() {
        String db =
                database(
                        mysql,
                        "CREATE TABLE orders (id INT PRIMARY KEY)",
                        "CREATE TABLE report (id INT PRIMARY KEY)",
                        "CREATE TABLE fresh (id INT PRIMARY KEY)");
        mysqlTarget.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.orders (x INT)",
                "CREATE VIEW `" + db + "`.report AS SELECT 1 AS one");
        PreflightReport r = run(config(mysql, mysqlTarget, db));
        PreflightCheck c = check(r, "target objects");
        assertThat(c.level()).isEqualTo(Level.FAIL);
        assertThat(c.detail())
                .contains(db + ".orders")
                .contains(db + ".report (view)")
                .doesNotContain("fresh");
        assertThat(c.fix())
                .contains("DROP TABLE `" + db + "`.`orders`")
                .contains("DROP VIEW `" + db + "`.`report`")
                .contains("--databases");
        assertThat(r.failureSummary()).contains("target objects: ");
    }

    @Test
    void targetUserWithoutDdlPrivilegesFails() {
        String db = database(mysql, "CREATE TABLE items (id INT PRIMARY KEY)");
        String user = TestServers.unique("pf_tgt");
        mysqlTarget.createUser(user, PASSWORD, "SELECT, INSERT, CREATE ON `" + db + "`.*");
        try {
            PreflightCheck c =
                    check(
                            run(config(TestServers.spec(mysql), as(mysqlTarget, user), db)),
                            "target privileges");
            assertThat(c.level()).isEqualTo(Level.FAIL);
            assertThat(c.detail())
                    .contains("ALTER, INDEX, REFERENCES, DROP on " + db)
                    .doesNotContain("CREATE");
            assertThat(c.fix())
                    .contains(
                            "GRANT CREATE, INSERT, ALTER, INDEX, REFERENCES, DROP ON `"
                                    + db
                                    + "`.* TO '"
                                    + user);
        } finally {
            mysqlTarget.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void readOnlyWarnsThatItAffectsTheWholeServer() {
        String db = database(mysql, "CREATE TABLE items (id INT PRIMARY KEY)");
        PreflightCheck c =
                check(
                        run(
                                config(mysql, mysqlTarget, db)
                                        .withConsistency(ConsistencyMode.READ_ONLY)),
                        "consistency");
        assertThat(c.level()).isEqualTo(Level.WARN);
        assertThat(c.detail()).contains("every database on the server");
    }

    @Test
    void mysql57SourceToMysql8TargetPasses() {
        SandboxServer old = TestServers.source(Flavor.MYSQL_5_7_22);
        String db = database(old, "CREATE TABLE items (id INT PRIMARY KEY)");
        PreflightReport r = run(config(old, mysqlTarget, db));
        assertThat(r.failed()).as(print(r)).isFalse();
        assertThat(check(r, "binlog retention").detail()).contains("expire_logs_days=0");
        assertThat(check(r, "target version").level()).isEqualTo(Level.OK);
        // its InnoDB's snapshot reads of an appended table (bench/snapshot-read-defect.sh)
        assertThat(check(r, "source version").level()).isEqualTo(Level.WARN);
        assertThat(check(r, "source version").detail())
                .startsWith("MySQL 5.7.22")
                .contains("inside a consistent snapshot while rows are appended");
    }

    @Test
    void unknownDatabaseIsAFailLine() {
        PreflightReport r = run(config(mysql, mysqlTarget, TestServers.unique("pf_missing")));
        assertThat(check(r, "databases").level()).isEqualTo(Level.FAIL);
        assertThat(check(r, "databases").detail()).contains("unknown database");
    }

    // --- helpers

    @Test
    void onlineNeedsTheBinaryLogInRowsAndTheRightToStreamIt() {
        String db = database(mysql, "CREATE TABLE items (id INT PRIMARY KEY)");
        PreflightReport ok =
                run(config(mysql, mysqlTarget, db).withOnline(OnlineOptions.defaults()));
        assertThat(check(ok, "online catch-up").level()).as(print(ok)).isEqualTo(Level.OK);
        assertThat(run(config(mysql, mysqlTarget, db)).checks())
                .as("only with --online")
                .noneMatch(c -> c.name().equals("online catch-up"));

        String user = TestServers.unique("pf_norepl");
        mysql.createUser(user, PASSWORD, "SELECT, RELOAD, REPLICATION CLIENT, SHOW VIEW ON *.*");
        PreflightReport r =
                run(
                        config(as(mysql, user), TestServers.spec(mysqlTarget), db)
                                .withOnline(OnlineOptions.defaults()));
        PreflightCheck stream = check(r, "online catch-up");
        assertThat(stream.level()).as(print(r)).isEqualTo(Level.FAIL);
        assertThat(stream.detail()).contains("lacks REPLICATION SLAVE");
        assertThat(stream.fix()).contains("GRANT REPLICATION SLAVE ON *.*").contains(user);
        assertThat(r.failed()).isTrue();

        String off = database(strict, "CREATE TABLE items (id INT PRIMARY KEY)");
        PreflightReport noLog =
                run(config(strict, mysqlTarget, off).withOnline(OnlineOptions.defaults()));
        assertThat(check(noLog, "online catch-up").level()).as(print(noLog)).isEqualTo(Level.FAIL);
        assertThat(check(noLog, "online catch-up").detail()).contains("log_bin=OFF");
    }

    /** Runs the preflight and prints the report (to the surefire output file) for diagnosis. */
    static PreflightReport run(MigrationConfig config) {
        PreflightReport report = Preflight.run(config);
        System.out.println(
                "preflight "
                        + config.source()
                        + " -> "
                        + config.target()
                        + " "
                        + config.databases()
                        + " "
                        + config.consistency()
                        + ":\n"
                        + print(report));
        return report;
    }

    static MigrationConfig config(SandboxServer source, SandboxServer target, String db) {
        return config(TestServers.spec(source), TestServers.spec(target), db);
    }

    static MigrationConfig config(ConnectionSpec source, ConnectionSpec target, String db) {
        return MigrationConfig.of(source, target, List.of(db), 2);
    }

    static ConnectionSpec as(SandboxServer server, String user) {
        return ConnectionSpec.parse(
                "server", "mysql://" + user + "@" + server.host() + ":" + server.port(), PASSWORD);
    }

    /** A new database with a unique name, created with {@code ddl} run inside it. */
    static String database(SandboxServer server, String... ddl) {
        String db = TestServers.unique("pf");
        List<String> sql =
                new ArrayList<>(List.of("CREATE DATABASE `" + db + "`", "USE `" + db + "`"));
        sql.addAll(List.of(ddl));
        server.execute(sql.toArray(String[]::new));
        return db;
    }

    static PreflightCheck check(PreflightReport report, String name) {
        return report.checks().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no check '" + name + "' in\n" + print(report)));
    }

    static String print(PreflightReport report) {
        StringBuilder sb = new StringBuilder();
        report.checks()
                .forEach(
                        c ->
                                sb.append(c.level())
                                        .append(' ')
                                        .append(c.name())
                                        .append(": ")
                                        .append(c.detail())
                                        .append(c.fix() == null ? "" : " [fix: " + c.fix() + "]")
                                        .append('\n'));
        return sb.toString();
    }

    static long connectionId(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until connection {@code id} has run its statement for at least {@code seconds}. */
    static void awaitRunning(Connection admin, long id, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Statement st = admin.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT TIME FROM information_schema.PROCESSLIST WHERE ID = "
                                            + id
                                            + " AND INFO IS NOT NULL")) {
                if (rs.next() && rs.getLong(1) >= seconds) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "connection " + id + " did not run a statement for " + seconds + "s");
    }
}
