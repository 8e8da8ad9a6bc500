package dev.snapshift.it;

import dev.snapshift.api.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fidelity on a real schema written outside this project (Sakila: foreign keys with rules, FULLTEXT and SPATIAL
 * indexes, views, procedures, functions, triggers, BLOB, ENUM, SET, YEAR): every table, view, routine and trigger on
 * the target must equal the source's.
 */
class SakilaIntegrationTest {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void sakilaArrivesWhole() throws Exception {
        load("/sakila/sakila-schema.sql");
        load("/sakila/sakila-data.sql");
        MigrationState state = Migration.of(TestServers.config(source, target, List.of("sakila"), 3, 2000)).run();
        assertThat(state.status()).as("error: %s %s", state.error(), state.databases()).isEqualTo(Status.COMPLETED);
        assertThat(state.databases().get(0).tables()).hasSize(16);
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertThat(TableDigest.differences(TableDigest.ofDatabase(s, "sakila"), TableDigest.ofDatabase(t, "sakila"))).isEmpty();
            for (String table : list(s, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila'")) {
                assertThat(show(t, "SHOW CREATE TABLE sakila.`" + table + "`", 2)).as(table)
                        .isEqualTo(show(s, "SHOW CREATE TABLE sakila.`" + table + "`", 2));
            }
            List<String> routines = list(s, "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                    + " WHERE ROUTINE_SCHEMA = 'sakila' ORDER BY 1");
            assertThat(routines).hasSize(6);
            assertThat(list(t, "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES"
                    + " WHERE ROUTINE_SCHEMA = 'sakila' ORDER BY 1")).isEqualTo(routines);
            for (String r : routines) {
                String[] kn = r.split(" ");
                assertThat(show(t, "SHOW CREATE " + kn[0] + " sakila." + kn[1], 3)).as(r)
                        .isEqualTo(show(s, "SHOW CREATE " + kn[0] + " sakila." + kn[1], 3));
            }
            List<String> triggers = list(s, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'sakila' ORDER BY 1");
            assertThat(triggers).hasSize(6);
            assertThat(list(t, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'sakila' ORDER BY 1"))
                    .isEqualTo(triggers);
            List<String> views = list(s, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'sakila' ORDER BY 1");
            assertThat(views).hasSize(7);
            for (String v : views) {
                assertThat(show(t, "SHOW CREATE VIEW sakila.`" + v + "`", 2)).as(v).isEqualTo(show(s, "SHOW CREATE VIEW sakila.`" + v + "`", 2));
                assertThat(list(t, "SELECT COUNT(*) FROM sakila.`" + v + "`")).isEqualTo(list(s, "SELECT COUNT(*) FROM sakila.`" + v + "`"));
            }
            assertThat(list(t, "SELECT sakila.inventory_in_stock(1)")).isEqualTo(list(s, "SELECT sakila.inventory_in_stock(1)"));
        }
    }

    /** Feeds a resource to the server's own mysql client, as a user would. */
    private void load(String resource) throws Exception {
        Process p = new ProcessBuilder(source.baseDir().resolve("bin/mysql").toString(), "--no-defaults", "-uroot",
                "-h" + source.host(), "-P" + source.port()).redirectErrorStream(true).start();
        try (InputStream in = SakilaIntegrationTest.class.getResourceAsStream(resource); OutputStream out = p.getOutputStream()) {
            in.transferTo(out);
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("loading %s: %s", resource, output).isZero();
    }

    private static List<String> list(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String show(Connection c, String sql, int column) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
