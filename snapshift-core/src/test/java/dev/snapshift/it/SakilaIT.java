package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.Verification;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.api.Transformation;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.ManagedProfile;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import dev.snapshift.sandbox.check.TableDigest;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fidelity on a real schema written outside this project (Sakila: foreign keys with rules, FULLTEXT
 * and SPATIAL indexes, views, procedures, functions, triggers, BLOB, ENUM, SET, YEAR): every table,
 * view, routine and trigger on the target must equal the source's. From 5.7 too, where its
 * routines, triggers and views were written under TRADITIONAL, which there includes
 * NO_AUTO_CREATE_USER (dropped on 8.0, and reported); between versions the texts of tables and
 * views differ (int(11), qualified columns), their contents and behaviour may not.
 */
class SakilaIT {

    @ParameterizedTest
    @EnumSource(
            value = ServerPair.class,
            names = {"MYSQL_80_TO_80", "MYSQL_57_TO_80"})
    void sakilaArrivesWhole(ServerPair pair) throws Exception {
        SandboxServer source = pair.source();
        SandboxServer target = pair.target();
        String db = TestServers.unique("sakila");
        load(source, "/sakila/sakila-schema.sql", db);
        load(source, "/sakila/sakila-data.sql", db);
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 3, 2000)).run();
        assertThat(state.status())
                .as("error: %s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.databases().get(0).tables()).hasSize(16);
        assertThat(state.objects())
                .hasSize(19)
                .allMatch(o -> o.status() == Status.COMPLETED)
                .allMatch(
                        o -> o.sqlModeTranslated() == (pair.upgrade() && !o.kind().equals("VIEW")));
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
            if (pair.sameVersion()) {
                for (String table :
                        list(
                                s,
                                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                                        + db
                                        + "'")) {
                    assertThat(show(t, "SHOW CREATE TABLE " + db + ".`" + table + "`", 2))
                            .as(table)
                            .isEqualTo(show(s, "SHOW CREATE TABLE " + db + ".`" + table + "`", 2));
                }
            }
            List<String> routines =
                    list(
                            s,
                            "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                                    + " WHERE ROUTINE_SCHEMA = '"
                                    + db
                                    + "' ORDER BY 1");
            assertThat(routines).hasSize(6);
            assertThat(
                            list(
                                    t,
                                    "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                                            + " WHERE ROUTINE_SCHEMA = '"
                                            + db
                                            + "' ORDER BY 1"))
                    .isEqualTo(routines);
            for (String r : routines) {
                String[] kn = r.split(" ");
                assertThat(show(t, "SHOW CREATE " + kn[0] + " " + db + "." + kn[1], 3))
                        .as(r)
                        .isEqualTo(
                                pair.expectedDdl(
                                        show(
                                                s,
                                                "SHOW CREATE " + kn[0] + " " + db + "." + kn[1],
                                                3)));
                assertThat(show(t, "SHOW CREATE " + kn[0] + " " + db + "." + kn[1], 2))
                        .as(r)
                        .isEqualTo(
                                pair.expected(
                                        show(
                                                s,
                                                "SHOW CREATE " + kn[0] + " " + db + "." + kn[1],
                                                2)));
            }
            List<String> triggers =
                    list(
                            s,
                            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '"
                                    + db
                                    + "' ORDER BY 1");
            assertThat(triggers).hasSize(6);
            assertThat(
                            list(
                                    t,
                                    "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '"
                                            + db
                                            + "' ORDER BY 1"))
                    .isEqualTo(triggers);
            List<String> views =
                    list(
                            s,
                            "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '"
                                    + db
                                    + "' ORDER BY 1");
            assertThat(views).hasSize(7);
            for (String v : views) {
                if (pair.sameVersion()) {
                    assertThat(show(t, "SHOW CREATE VIEW " + db + ".`" + v + "`", 2))
                            .as(v)
                            .isEqualTo(show(s, "SHOW CREATE VIEW " + db + ".`" + v + "`", 2));
                }
                assertThat(list(t, "SELECT COUNT(*) FROM " + db + ".`" + v + "`"))
                        .isEqualTo(list(s, "SELECT COUNT(*) FROM " + db + ".`" + v + "`"));
            }
            assertThat(list(t, "SELECT " + db + ".inventory_in_stock(1)"))
                    .isEqualTo(list(s, "SELECT " + db + ".inventory_in_stock(1)"));
        }

        // verify: equal after the migration (definitions modulo the documented transformations,
        // and every row); after one UPDATE on the target, exactly that key
        VerifyConfig verify =
                VerifyConfig.of(TestServers.spec(source), TestServers.spec(target), List.of(db))
                        .withThreads(2)
                        .withRechecks(0, Duration.ofMillis(100));
        VerifyResult equal = Verification.of(verify).run();
        assertThat(equal.schema()).isEmpty();
        assertThat(equal.tables())
                .hasSize(16)
                .allMatch(
                        t -> t.outcome() == VerifyResult.Outcome.EQUAL,
                        "every table equal: " + equal.tables());
        assertThat(equal.equal()).isTrue();
        target.execute("UPDATE `" + db + "`.actor SET last_name = 'CHANGED' WHERE actor_id = 7");
        VerifyResult changed = Verification.of(verify).run();
        assertThat(changed.equal()).isFalse();
        assertThat(changed.schema()).isEmpty();
        assertThat(changed.tables())
                .filteredOn(t -> t.outcome() != VerifyResult.Outcome.EQUAL)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.table()).isEqualTo("actor");
                            assertThat(t.differingKeys()).containsExactly("actor_id=7 (differs)");
                            assertThat(t.differingRows()).isEqualTo(1);
                        });
    }

    /**
     * Sakila under a mixed-case name onto a target shaped like Azure's (lower_case_table_names=1,
     * invisible primary keys, an admin without SUPER, TLS), from 5.7 and 8.0: the data arrives
     * equal under the folded name, every object is created and works (functions answer as on the
     * source, views return the same rows, a trigger fires), and the folded name and the definers
     * the target account took over are reported.
     */
    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_5_7_22", "MYSQL_8_0_33"})
    void sakilaArrivesWorkingOnAManagedTarget(Flavor flavor) throws Exception {
        SandboxServer source = TestServers.source(flavor);
        SandboxServer target = SharedServers.managedTarget();
        String db = "Sakila_" + TestServers.unique("Managed");
        String folded = db.toLowerCase(java.util.Locale.ROOT);
        load(source, "/sakila/sakila-schema.sql", db);
        load(source, "/sakila/sakila-data.sql", db);
        MigrationConfig config =
                MigrationConfig.of(
                        TestServers.spec(source),
                        ConnectionSpec.parse("target", ManagedProfile.adminUrl(target), null),
                        List.of(db),
                        3);
        MigrationState state;
        target.execute("SET GLOBAL log_bin_trust_function_creators = ON");
        try {
            state = Migration.of(config).run();
        } finally {
            target.execute("SET GLOBAL log_bin_trust_function_creators = OFF");
        }
        assertThat(state.status())
                .as("error: %s %s", state.error(), state.objects())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.objects()).hasSize(19).allMatch(o -> o.status() == Status.COMPLETED);
        assertThat(state.transformations())
                .extracting(Transformation::describe)
                .contains(
                        "name of "
                                + db
                                + ": "
                                + db
                                + " -> "
                                + folded
                                + " (lower_case_table_names=1 on the target)")
                .anyMatch(d -> d.startsWith("definer of procedure " + db + ".film_in_stock"));
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db),
                                    TableDigest.ofDatabase(t, folded)))
                    .isEmpty();
            for (String v :
                    list(
                            s,
                            "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '"
                                    + db
                                    + "' ORDER BY 1")) {
                assertThat(list(t, "SELECT COUNT(*) FROM " + folded + ".`" + v + "`"))
                        .as(v)
                        .isEqualTo(list(s, "SELECT COUNT(*) FROM `" + db + "`.`" + v + "`"));
            }
            for (int id : new int[] {1, 5, 4581}) {
                assertThat(list(t, "SELECT " + folded + ".inventory_in_stock(" + id + ")"))
                        .isEqualTo(list(s, "SELECT `" + db + "`.inventory_in_stock(" + id + ")"));
            }
            try (Statement st = t.createStatement()) {
                st.execute(
                        "INSERT INTO "
                                + folded
                                + ".film (title, language_id) VALUES ('SNAPSHIFT TEST', 1)");
            }
            assertThat(
                            list(
                                    t,
                                    "SELECT COUNT(*) FROM "
                                            + folded
                                            + ".film_text WHERE title = 'SNAPSHIFT TEST'"))
                    .as("the ins_film trigger fires on the target")
                    .containsExactly("1");
        }
    }

    /**
     * Feeds a resource, its database renamed, to a mysql client (8.0's, which the 5.7 build lacks),
     * as a user would.
     */
    private static void load(SandboxServer source, String resource, String db) throws Exception {
        Path client = TestServers.source(Flavor.MYSQL_8_0_33).baseDir().resolve("bin/mysql");
        Process p =
                new ProcessBuilder(
                                client.toString(),
                                "--no-defaults",
                                "-uroot",
                                "-h" + source.host(),
                                "-P" + source.port())
                        .redirectErrorStream(true)
                        .start();
        try (InputStream in = SakilaIT.class.getResourceAsStream(resource);
                OutputStream out = p.getOutputStream()) {
            String sql =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replaceAll("\\bsakila\\b", db);
            out.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("loading %s: %s", resource, output).isZero();
    }

    private static List<String> list(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String show(Connection c, String sql, int column) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
