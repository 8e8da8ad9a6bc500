package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.Preflight;
import dev.snapshift.Verification;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.Status;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.api.Transformation;
import dev.snapshift.api.Verdict;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.ManagedProfile;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import dev.snapshift.sandbox.check.Replication;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A legacy application onto a target shaped like Azure Database for MySQL Flexible Server ({@link
 * ManagedProfile}: lower_case_table_names=1, generated invisible primary keys, no SUPER, InnoDB
 * only, log_bin_trust_function_creators=OFF), from each source flavour: what the target would
 * refuse is named before anything is written; with the options that shape the copy, the data
 * arrives equal (names folded), the objects work, the accounts log in, and every change is
 * reported.
 */
class ManagedTargetIT {
    private final SandboxServer target = SharedServers.managedTarget();

    private static final String USER_PASSWORD = "App-pw-1";

    private static ConnectionSpec managedSpec(SandboxServer target) {
        return ConnectionSpec.parse("target", ManagedProfile.adminUrl(target), null);
    }

    /** The legacy schema on {@code source}, defined by (and granted to) account {@code user}. */
    private static void legacyApp(SandboxServer source, String db, String user) throws Exception {
        source.execute(
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + USER_PASSWORD + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON `"
                        + db.toLowerCase(Locale.ROOT).substring(0, 3)
                        + "%`.* TO '"
                        + user
                        + "'@'%'",
                "GRANT PROCESS, FILE, SUPER ON *.* TO '" + user + "'@'%'");
        SqlScript.run(source, "/managed/legacy-app.sql", Map.of("db", db, "user", user));
    }

    private static Map<String, TableDigest> folded(Map<String, TableDigest> digests) {
        Map<String, TableDigest> out = new TreeMap<>();
        digests.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private void trustFunctionCreators(boolean on) {
        target.execute("SET GLOBAL log_bin_trust_function_creators = " + (on ? "ON" : "OFF"));
    }

    @Test
    void whatTheManagedTargetWouldRefuseIsNamedBeforeAnythingIsWritten() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        String db = "Legacy_" + TestServers.unique("Refused");
        legacyApp(source, db, TestServers.unique("legacy"));
        MigrationConfig config =
                MigrationConfig.of(TestServers.spec(source), managedSpec(target), List.of(db), 2)
                        .withNonTransactional(NonTransactionalPolicy.LOCK)
                        .withTargetOptions(
                                new TargetOptions(
                                        DefinerPolicy.KEEP,
                                        false,
                                        false,
                                        Map.of(),
                                        null,
                                        List.of(),
                                        List.of()));

        List<PreflightCheck> checks = Preflight.run(config).checks();
        assertThat(failed(checks, "engines on the target"))
                .contains(db + ".legacy_counts (MyISAM)")
                .contains("--force-innodb");
        assertThat(failed(checks, "definers")).contains("SET_USER_ID").contains("current-user");
        assertThat(failed(checks, "functions and triggers"))
                .contains("1419")
                .contains("log_bin_trust_function_creators");

        MigrationState state = Migration.of(config).run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        try (Connection t = target.connect()) {
            assertThat(Rows.of(t, "SHOW DATABASES LIKE ?", db.toLowerCase(Locale.ROOT)))
                    .as("nothing written on the target")
                    .isEmpty();
        }
    }

    private static String failed(List<PreflightCheck> checks, String name) {
        PreflightCheck c =
                checks.stream()
                        .filter(x -> x.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no check " + name + ": " + checks));
        assertThat(c.level()).as("%s: %s", name, c.detail()).isEqualTo(PreflightCheck.Level.FAIL);
        return c.detail() + " / " + c.fix();
    }

    @Test
    void namesThatBecomeOneOnTheTargetAreRefused() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("Clash");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.`Orders` (id INT PRIMARY KEY)",
                "CREATE TABLE `" + db + "`.`orders` (id INT PRIMARY KEY)");
        MigrationConfig config =
                MigrationConfig.of(TestServers.spec(source), managedSpec(target), List.of(db), 2);
        assertThat(failed(Preflight.run(config).checks(), "names on the target"))
                .contains(db + ".Orders and " + db + ".orders");
        MigrationState state = Migration.of(config).run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.error()).contains("Orders");
        try (Connection t = target.connect()) {
            assertThat(Rows.of(t, "SHOW DATABASES LIKE ?", db.toLowerCase(Locale.ROOT))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_5_7_22", "MYSQL_8_0_33", "MARIADB_11_4_5"})
    void aLegacyApplicationArrivesWorkingWithEveryChangeReported(Flavor flavor) throws Exception {
        SandboxServer source = TestServers.source(flavor);
        String db = "Legacy_" + TestServers.unique("App");
        String user = TestServers.unique("legacy");
        legacyApp(source, db, user);
        MigrationConfig config =
                MigrationConfig.of(TestServers.spec(source), managedSpec(target), List.of(db), 2)
                        .withNonTransactional(NonTransactionalPolicy.LOCK)
                        .withTargetOptions(
                                new TargetOptions(
                                        DefinerPolicy.AUTO,
                                        false,
                                        true,
                                        Map.of(),
                                        user,
                                        List.of(),
                                        List.of()));
        MigrationState state;
        trustFunctionCreators(true); // the server parameter a user sets on Azure
        try {
            state = Migration.of(config).run();
        } finally {
            trustFunctionCreators(false);
        }
        assertThat(state.status())
                .as("%s; objects %s", state.error(), state.objects())
                .isEqualTo(Status.COMPLETED);
        // every chunk was verified inside the snapshot, folded names and invisible keys included
        assertThat(state.verdict()).isEqualTo(Verdict.VERIFIED);
        // verify afterwards: equal, what the target had to change said as notes
        VerifyResult verified =
                Verification.of(
                                VerifyConfig.of(
                                                TestServers.spec(source),
                                                managedSpec(target),
                                                List.of(db))
                                        .withThreads(2))
                        .run();
        assertThat(verified.equal()).as("%s", verified).isTrue();
        assertThat(verified.notes())
                .anyMatch(n -> n.contains("engine MyISAM on the source, InnoDB on the target"))
                .anyMatch(n -> n.contains("my_row_id"));
        String folded = db.toLowerCase(Locale.ROOT);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(folded(TableDigest.ofDatabase(t, folded)))
                    .isEqualTo(folded(TableDigest.ofDatabase(s, db)));
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS"
                                            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'order_lines' AND COLUMN_KEY = 'PRI'",
                                    folded))
                    .as("the keyless table got the target's invisible primary key")
                    .singleElement()
                    .asString()
                    .startsWith("my_row_id|")
                    .contains("INVISIBLE");
            assertThat(
                            Rows.one(
                                    t,
                                    "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                                            + " AND TABLE_NAME = 'legacy_counts'",
                                    folded))
                    .isEqualTo("InnoDB");
            // the objects work on the target, under the folded names
            assertThat(Rows.of(t, "SELECT id FROM `" + folded + "`.bigorders ORDER BY id"))
                    .containsExactly("1", "3");
            assertThat(Rows.one(t, "SELECT `" + folded + "`.order_total(3)")).isEqualTo("999.99");
            try (Statement st = t.createStatement()) {
                st.execute("CALL `" + folded + "`.countlines(@n)");
                assertThat(Rows.one(t, "SELECT @n")).isEqualTo("4");
                st.execute("INSERT INTO `" + folded + "`.orders VALUES (4, 'Dan', 1.00)");
            }
            assertThat(Rows.of(t, "SELECT msg FROM `" + folded + "`.auditlog ORDER BY id"))
                    .as("the trigger fires on the target")
                    .containsExactly("created", "order 4");
        }
        // the account logs in with its own password, over TLS, and reads what it was granted
        try (Connection asUser =
                DriverManager.getConnection(target.jdbcUrl(folded), user, USER_PASSWORD)) {
            assertThat(Rows.one(asUser, "SELECT COUNT(*) FROM `Orders`")).isEqualTo("4");
        }
        List<String> changes =
                state.transformations().stream().map(Transformation::describe).toList();
        assertThat(state.transformations())
                .extracting(Transformation::kind)
                .contains("name", "engine", "primary-key", "privilege");
        assertThat(changes)
                .contains("engine of " + db + ".legacy_counts: MyISAM -> InnoDB (--force-innodb)")
                .anyMatch(c -> c.startsWith("privilege of " + user + "@%: SUPER ON *.*"))
                .anyMatch(c -> c.startsWith("privilege of " + user + "@%: FILE ON *.*"));
        assertThat(state.objects())
                .filteredOn(o -> o.kind().equals("ACCOUNT"))
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(Status.COMPLETED));
        assertThat(state.objects())
                .filteredOn(o -> o.kind().equals("VIEW"))
                .singleElement()
                .satisfies(o -> assertThat(o.definerChanged()).isTrue());
        assertThat(dev.snapshift.MigrationReport.render(state, config))
                .doesNotContain(USER_PASSWORD)
                .doesNotContain(ManagedProfile.ADMIN_PASSWORD);
    }

    /**
     * MariaDB's UCA 14 collations, which MySQL 8.0 does not know, become their 0900 counterparts (a
     * --collation-map entry wins over the built-in map); the values and their order survive.
     */
    @Test
    void collationsTheTargetLacksAreMappedAndReported() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MARIADB_11_4_5);
        String db = TestServers.unique("uca");
        source.execute(
                "CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_as_cs",
                "CREATE TABLE `"
                        + db
                        + "`.people (id INT PRIMARY KEY, name VARCHAR(40) COLLATE utf8mb4_uca1400_ai_ci,"
                        + " code VARCHAR(10), note VARCHAR(20) COLLATE utf8mb4_nopad_bin, KEY (name))",
                "INSERT INTO `"
                        + db
                        + "`.people VALUES (1, 'Émile', 'a', 'x '), (2, 'emile', 'B', 'x'), (3, 'Zoë', 'c', NULL)",
                // objects created as MariaDB 11.4's own client creates them: under its UCA 14
                // default
                "SET NAMES utf8mb4 COLLATE utf8mb4_uca1400_ai_ci",
                "CREATE FUNCTION `"
                        + db
                        + "`.same_word(a VARCHAR(20), b VARCHAR(20)) RETURNS INT DETERMINISTIC"
                        + " RETURN a = b COLLATE utf8mb4_uca1400_as_cs",
                "CREATE VIEW `"
                        + db
                        + "`.emiles AS SELECT id FROM `"
                        + db
                        + "`.people WHERE name = 'EMILE'");
        MigrationConfig config =
                MigrationConfig.of(TestServers.spec(source), managedSpec(target), List.of(db), 2)
                        .withTargetOptions(
                                new TargetOptions(
                                        DefinerPolicy.AUTO,
                                        false,
                                        false,
                                        Map.of("utf8mb4_uca1400_ai_ci", "utf8mb4_unicode_520_ci"),
                                        null,
                                        List.of(),
                                        List.of()));
        MigrationState state;
        trustFunctionCreators(true);
        try {
            state = Migration.of(config).run();
        } finally {
            trustFunctionCreators(false);
        }
        assertThat(state.status()).as("%s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.transformations())
                .extracting(Transformation::describe)
                .contains(
                        "collation of "
                                + db
                                + ": utf8mb4_uca1400_as_cs -> utf8mb4_0900_as_cs (the target has no utf8mb4_uca1400_as_cs)",
                        "collation of "
                                + db
                                + ".people: utf8mb4_uca1400_ai_ci -> utf8mb4_unicode_520_ci (--collation-map)",
                        "collation of "
                                + db
                                + ".people: utf8mb4_nopad_bin -> utf8mb4_bin (the target has no utf8mb4_nopad_bin)");
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS"
                                            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'people' AND COLLATION_NAME IS NOT NULL"
                                            + " ORDER BY ORDINAL_POSITION",
                                    db))
                    .containsExactly(
                            "name|utf8mb4_unicode_520_ci",
                            "code|utf8mb4_0900_as_cs",
                            "note|utf8mb4_bin");
            assertThat(TableDigest.ofDatabase(t, db)).isEqualTo(TableDigest.ofDatabase(s, db));
            // the objects were created, and compare as on the source
            assertThat(Rows.one(t, "SELECT `" + db + "`.same_word('Emile', 'emile')"))
                    .isEqualTo(Rows.one(s, "SELECT `" + db + "`.same_word('Emile', 'emile')"))
                    .isEqualTo("0");
            assertThat(Rows.of(t, "SELECT id FROM `" + db + "`.emiles ORDER BY id"))
                    .isEqualTo(Rows.of(s, "SELECT id FROM `" + db + "`.emiles ORDER BY id"))
                    .containsExactly("1", "2");
        }
        assertThat(state.objects())
                .extracting(o -> o.label() + " " + o.status())
                .contains(
                        "function " + db + ".same_word COMPLETED",
                        "view " + db + ".emiles COMPLETED");
        assertThat(state.transformations())
                .extracting(Transformation::describe)
                .anyMatch(
                        d ->
                                d.contains("same_word")
                                        && d.contains(
                                                "utf8mb4_uca1400_as_cs -> utf8mb4_0900_as_cs"));
    }

    /**
     * MySQL 8 roles come with --users: the role first, its grants, then the account; preflight
     * lists what will be created. The managed admin has no ROLE_ADMIN (as on Azure), so it can
     * neither grant the role nor set it as default role: the account gets the role's privileges
     * directly, reported, and logs in and reads what the role granted.
     */
    @Test
    void rolesArriveBeforeTheAccountsThatUseThem() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("roles");
        String role = TestServers.unique("reader_role");
        String user = TestServers.unique("reporter");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.facts (id INT PRIMARY KEY)",
                "INSERT INTO `" + db + "`.facts VALUES (1), (2)",
                "CREATE ROLE '" + role + "'",
                "GRANT SELECT ON `" + db + "`.* TO '" + role + "'",
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + USER_PASSWORD + "'",
                "GRANT '" + role + "' TO '" + user + "'@'%'",
                "SET DEFAULT ROLE '" + role + "' TO '" + user + "'@'%'");
        MigrationConfig config =
                MigrationConfig.of(TestServers.spec(source), managedSpec(target), List.of(db), 2)
                        .withTargetOptions(
                                new TargetOptions(
                                        DefinerPolicy.AUTO,
                                        false,
                                        false,
                                        Map.of(),
                                        role + "," + user,
                                        List.of(),
                                        List.of()));
        PreflightCheck accounts =
                Preflight.run(config).checks().stream()
                        .filter(c -> c.name().equals("accounts"))
                        .findFirst()
                        .orElseThrow();
        assertThat(accounts.detail())
                .contains("2 to create")
                .contains("role " + role + "@%")
                .contains(user + "@%")
                .doesNotContain(USER_PASSWORD);
        MigrationState state = Migration.of(config).run();
        assertThat(state.status())
                .as("%s; objects %s", state.error(), state.objects())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.objects())
                .extracting(o -> o.kind() + " " + o.name() + " " + o.status())
                .contains("ROLE " + role + "@% COMPLETED", "ACCOUNT " + user + "@% COMPLETED");
        try (Connection asUser =
                DriverManager.getConnection(target.jdbcUrl(db), user, USER_PASSWORD)) {
            assertThat(Rows.one(asUser, "SELECT COUNT(*) FROM facts")).isEqualTo("2");
        }
        assertThat(state.transformations())
                .extracting(Transformation::describe)
                .anyMatch(
                        d ->
                                d.startsWith("role of " + user + "@%: " + role + "@%")
                                        && d.contains("ROLE_ADMIN"));
    }

    /**
     * Values a unique index keeps apart on the source but the target's collation makes equal
     * (MariaDB's NO PAD binary collation mapped to MySQL's PAD SPACE one: 'x' and 'x ') are named
     * in preflight; nothing is written.
     */
    @Test
    void valuesTheTargetCollationWouldMakeEqualAreRefusedBeforeWriting() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MARIADB_11_4_5);
        String db = TestServers.unique("collide");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `"
                        + db
                        + "`.codes (id INT PRIMARY KEY, code VARCHAR(10) COLLATE utf8mb4_nopad_bin,"
                        + " UNIQUE KEY uk_code (code))",
                "INSERT INTO `" + db + "`.codes VALUES (1, 'x'), (2, 'x '), (3, 'y')");
        MigrationConfig config =
                MigrationConfig.of(TestServers.spec(source), managedSpec(target), List.of(db), 2);
        assertThat(failed(Preflight.run(config).checks(), "collations on the target"))
                .contains(db + ".codes index uk_code (code)")
                .contains("'x'")
                .contains("'x '")
                .doesNotContain("'y'")
                .contains("--collation-map");
        MigrationState state = Migration.of(config).run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.error()).contains("uk_code");
        try (Connection t = target.connect()) {
            assertThat(Rows.of(t, "SHOW DATABASES LIKE ?", db)).as("nothing written").isEmpty();
        }
    }

    /**
     * Replication from the reported position onto the target's generated invisible keys reproduces
     * the source, a keyless table included, while a write load ran during the copy.
     */
    @Test
    void replicationFromTheReportedPositionReproducesTheSourceOntoInvisibleKeys() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        String db = "Gipk_" + TestServers.unique("Repl");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `"
                        + db
                        + "`.`Events` (device INT NOT NULL, reading INT NOT NULL,"
                        + " note VARCHAR(20), KEY (device))",
                "CREATE TABLE `" + db + "`.totals (device INT PRIMARY KEY, n BIGINT NOT NULL)",
                "INSERT INTO `" + db + "`.totals VALUES (1, 0), (2, 0), (3, 0)");
        try (Connection c = source.connect()) {
            Replication.createUser(c, false);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        Thread load =
                new Thread(
                        () -> {
                            try (Connection c = source.connect(db);
                                    Statement st = c.createStatement()) {
                                c.setAutoCommit(false);
                                for (int i = 0; !stop.get(); i++) {
                                    int device = 1 + i % 3;
                                    st.execute(
                                            "INSERT INTO `Events` VALUES ("
                                                    + device
                                                    + ", "
                                                    + i
                                                    + ", 'r"
                                                    + i
                                                    + "')");
                                    if (i % 7 == 0) {
                                        st.execute(
                                                "UPDATE `Events` SET note = 'seen' WHERE device = "
                                                        + device
                                                        + " AND reading = "
                                                        + (i - 7));
                                    }
                                    if (i % 11 == 0) {
                                        st.execute(
                                                "DELETE FROM `Events` WHERE device = "
                                                        + device
                                                        + " AND reading = "
                                                        + (i - 22));
                                    }
                                    st.execute(
                                            "UPDATE totals SET n = n + 1 WHERE device = " + device);
                                    c.commit();
                                    writes.incrementAndGet();
                                }
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        "gipk-load");
        load.start();
        MigrationState state;
        try {
            while (writes.get() < 300) {
                Thread.sleep(20);
            }
            state =
                    Migration.of(
                                    MigrationConfig.of(
                                                    TestServers.spec(source),
                                                    managedSpec(target),
                                                    List.of(db),
                                                    2)
                                            .withChunkRows(50))
                            .run();
            long after = writes.get();
            while (writes.get() < after + 200) {
                Thread.sleep(20);
            }
        } finally {
            stop.set(true);
            load.join();
        }
        assertThat(state.status()).as("%s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.transformations())
                .extracting(Transformation::describe)
                .contains(
                        "primary-key of "
                                + db
                                + ".Events: my_row_id (invisible) (sql_generate_invisible_primary_key=ON on the target)");
        try (Connection t = target.connect();
                Connection s = source.connect()) {
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
            String folded = db.toLowerCase(Locale.ROOT);
            assertThat(folded(TableDigest.ofDatabase(t, folded)))
                    .isEqualTo(folded(TableDigest.ofDatabase(s, db)));
        }
    }
}
