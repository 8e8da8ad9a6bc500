package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.ManagedProfile;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options for a managed target on the command line: preflight lists the changes before anything
 * is written, migrate makes them, and the summary, the report and status show each one.
 */
class ManagedTargetCliIT {
    @TempDir Path dir;

    private final SandboxServer source = SharedServers.source(Flavor.MYSQL_8_0_15);
    private final SandboxServer target = SharedServers.managedTarget();

    @Test
    void theChangesForAManagedTargetAreListedMadeAndReported() throws Exception {
        String db = "Shop_" + SharedServers.unique("Cli");
        String user = SharedServers.unique("shop_app");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.`Orders` (id INT PRIMARY KEY, total INT NOT NULL)",
                "CREATE TABLE `" + db + "`.counters (k INT NOT NULL, n INT NOT NULL) ENGINE=MyISAM",
                "CREATE TABLE `" + db + "`.audit (id INT PRIMARY KEY, msg VARCHAR(20))",
                "INSERT INTO `" + db + "`.`Orders` VALUES (1, 10), (2, 20)",
                "INSERT INTO `" + db + "`.counters VALUES (1, 1), (1, 1)",
                "INSERT INTO `" + db + "`.audit VALUES (1, 'x')",
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Shop-pw-9'",
                "GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'%'",
                "GRANT SHUTDOWN ON *.* TO '" + user + "'@'%'",
                "CREATE DEFINER='"
                        + user
                        + "'@'%' SQL SECURITY DEFINER VIEW `"
                        + db
                        + "`.big AS SELECT id FROM `"
                        + db
                        + "`.`Orders` WHERE total > 15");
        List<String> options =
                List.of(
                        "--source",
                        source.url(),
                        "--target",
                        ManagedProfile.adminUrl(target),
                        "--databases",
                        db,
                        "--non-transactional",
                        "lock",
                        "--force-innodb",
                        "--create-invisible-pks",
                        "--definers",
                        "strip",
                        "--users",
                        "shop_app*",
                        "--exclude-tables",
                        "*.audit");

        CliRun preflight = CliRun.of(args("preflight", options));
        assertThat(preflight.code()).as(preflight.out() + preflight.err()).isEqualTo(0);
        assertThat(preflight.out())
                .contains("engine of " + db + ".counters: MyISAM -> InnoDB (--force-innodb)")
                .contains("primary-key of " + db + ".counters")
                .contains("name of " + db)
                .doesNotContain(ManagedProfile.ADMIN_PASSWORD);
        try (Connection t = target.connect();
                ResultSet rs =
                        t.createStatement()
                                .executeQuery(
                                        "SHOW DATABASES LIKE '"
                                                + db.toLowerCase(Locale.ROOT)
                                                + "'")) {
            assertThat(rs.next()).as("preflight writes nothing").isFalse();
        }

        Path report = dir.resolve("report.json");
        List<String> migrate = new ArrayList<>(options);
        migrate.addAll(List.of("--report", report.toString(), "--state-dir", dir.toString()));
        CliRun run = CliRun.of(args("migrate", migrate));
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out())
                .contains("change(s) made so that the target takes the source:")
                .contains("engine of " + db + ".counters: MyISAM -> InnoDB (--force-innodb)")
                .contains("privilege of " + user + "@%: SHUTDOWN ON *.*")
                .contains("definer of view " + db + ".big")
                .doesNotContain(ManagedProfile.ADMIN_PASSWORD)
                .doesNotContain("Shop-pw-9");
        String json = Files.readString(report);
        assertThat(json).doesNotContain(ManagedProfile.ADMIN_PASSWORD);
        JsonNode r = new ObjectMapper().readTree(json);
        List<String> kinds = new ArrayList<>();
        r.path("transformations").forEach(t -> kinds.add(t.path("kind").asText()));
        assertThat(kinds).contains("name", "engine", "primary-key", "privilege", "definer");
        List<String> objects = new ArrayList<>();
        r.path("objects")
                .forEach(
                        o ->
                                objects.add(
                                        o.path("label").asText()
                                                + " "
                                                + o.path("status").asText()));
        assertThat(objects)
                .contains("view " + db + ".big COMPLETED", "account " + user + "@% COMPLETED");

        String folded = db.toLowerCase(Locale.ROOT);
        try (Connection t = target.connect()) {
            assertThat(names(t, "SHOW TABLES FROM `" + folded + "`"))
                    .as("audit left out by --exclude-tables")
                    .containsExactlyInAnyOrder("orders", "counters", "big");
            assertThat(
                            names(
                                    t,
                                    "SELECT SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '"
                                            + folded
                                            + "'"))
                    .as("--definers strip: the view runs with the caller's rights")
                    .containsExactly("INVOKER");
            assertThat(
                            names(
                                    t,
                                    "SELECT CONCAT(ENGINE, ' ', (SELECT COUNT(*) FROM `"
                                            + folded
                                            + "`.counters)) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                                            + folded
                                            + "' AND TABLE_NAME = 'counters'"))
                    .containsExactly("InnoDB 2");
        }

        String runId;
        try (var runs = Files.list(dir)) {
            runId =
                    runs.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .filter(n -> n.matches("\\d{8}-\\d{6}-.*"))
                            .findFirst()
                            .orElseThrow();
        }
        CliRun status = CliRun.of("status", runId, "--state-dir", dir.toString());
        assertThat(status.out())
                .as(status.err())
                .contains("engine of " + db + ".counters: MyISAM -> InnoDB (--force-innodb)");
    }

    @Test
    void aMistypedOptionValueIsAClearError() {
        CliRun run =
                CliRun.of(
                        "preflight",
                        "--source",
                        source.url(),
                        "--target",
                        ManagedProfile.adminUrl(target),
                        "--definers",
                        "nobody",
                        "--collation-map",
                        "utf8mb4_uca1400_ai_ci");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--definers must be keep, current-user, strip or auto");
        CliRun map =
                CliRun.of(
                        "preflight",
                        "--source",
                        source.url(),
                        "--target",
                        ManagedProfile.adminUrl(target),
                        "--collation-map",
                        "utf8mb4_uca1400_ai_ci");
        assertThat(map.code()).isEqualTo(2);
        assertThat(map.err()).contains("--collation-map takes FROM=TO");
        CliRun tables =
                CliRun.of(
                        "preflight",
                        "--source",
                        source.url(),
                        "--target",
                        ManagedProfile.adminUrl(target),
                        "--include-tables",
                        "orders");
        assertThat(tables.code()).isEqualTo(2);
        assertThat(tables.err()).contains("--include-tables takes db.table patterns");
    }

    private static String[] args(String command, List<String> options) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    private static List<String> names(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
