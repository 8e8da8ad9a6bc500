package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshift verify} as a user runs it, against the shared servers: exit 0 and EQUAL after a
 * migration, exit 5 naming the changed key (on stdout and in the JSON report) after one UPDATE on
 * the target, exit 3 with a clear message when the target cannot be reached.
 */
class VerifyCommandIT {
    final SandboxServer source = SharedServers.source(Flavor.MYSQL_8_0_15);
    final SandboxServer target = SharedServers.target(Flavor.MYSQL_8_0_15);

    @TempDir Path dir;

    @Test
    void equalThenTheUpdatedKeyIsNamedWithExitFive() throws Exception {
        String db = SharedServers.unique("verifycli");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".items (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO " + q + ".items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        CliRun migrate =
                CliRun.of(
                        "migrate",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--state-dir",
                        dir.resolve("state").toString());
        assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();

        CliRun equal =
                CliRun.of(
                        "verify",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--quiet");
        assertThat(equal.code()).as(equal.out() + equal.err()).isZero();
        assertThat(equal.out()).contains("Verify EQUAL").contains("1 of 1 table(s) equal");

        target.execute("UPDATE " + q + ".items SET name = 'TWO' WHERE id = 2");
        Path report = dir.resolve("verify.json");
        CliRun different =
                CliRun.of(
                        "verify",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        db,
                        "--rechecks",
                        "0",
                        "--report",
                        report.toString());
        assertThat(different.code()).as(different.out() + different.err()).isEqualTo(5);
        assertThat(different.out())
                .contains("Verify DIFFERENT")
                .contains("DIFFERENT " + db + ".items: 1 row(s) differ")
                .contains("id=2 (differs)");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("equal").asBoolean()).isFalse();
        assertThat(json.get("differingRows").asLong()).isEqualTo(1);
        JsonNode table = json.get("tables").get(0);
        assertThat(table.get("outcome").asText()).isEqualTo("DIFFERENT");
        assertThat(table.get("differingKeys").get(0).asText()).isEqualTo("id=2 (differs)");
    }

    @Test
    void aSystemDatabaseIsAUsageError() {
        CliRun r =
                CliRun.of(
                        "verify",
                        "--source",
                        source.url(),
                        "--target",
                        target.url(),
                        "--databases",
                        "mysql",
                        "--quiet");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("'mysql' is a system database");
    }

    @Test
    void anUnreachableTargetIsAConnectionError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun r =
                CliRun.of(
                        "verify",
                        "--source",
                        source.url(),
                        "--target",
                        "mysql://root@127.0.0.1:" + closed,
                        "--quiet");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.err()).contains("target").contains("127.0.0.1:" + closed);
    }
}
