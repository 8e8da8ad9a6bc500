package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Odd names (spaces, backticks, unicode, reserved words) and every chunking strategy: integer
 * ranges, keyset pages over a composite string key with a case-insensitive collation, and a table
 * without any key.
 */
class IdentifiersAndKeysIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void oddNamesAndAllChunkingStrategiesCopyExactly() throws Exception {
        String db = TestServers.unique("my db `x` ü");
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            String q = "`" + db.replace("`", "``") + "`";
            st.execute("CREATE DATABASE " + q + " CHARACTER SET latin1 COLLATE latin1_swedish_ci");
            st.execute("USE " + q);
            st.execute("SET SESSION cte_max_recursion_depth = 100000");
            st.execute(
                    "CREATE TABLE `select` (`from` INT PRIMARY KEY, `tab le` VARCHAR(20), `日本` INT)");
            st.execute(
                    "INSERT INTO `select` WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 2500)"
                            + " SELECT n * 3, CONCAT('v', n), n FROM s");
            st.execute(
                    "CREATE TABLE `back``tick ü` (a VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci NOT NULL,"
                            + " b INT NOT NULL, payload VARCHAR(40), PRIMARY KEY (a, b))");
            st.execute(
                    "INSERT INTO `back``tick ü` WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1500)"
                            + " SELECT ELT(1 + n % 6, 'a', 'B', 'é', 'E', 'z', 'Ä'), n, CONCAT('p', n) FROM s");
            st.execute("CREATE TABLE nokey (v VARCHAR(10), w INT)");
            st.execute("INSERT INTO nokey VALUES ('dup', 1), ('dup', 1), (NULL, NULL), ('x', 2)");
            st.execute("CREATE TABLE empty_one (id BIGINT UNSIGNED PRIMARY KEY)");
            st.execute("CREATE VIEW v AS SELECT 1 AS one");
        }
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 3, 200)).run();
        assertThat(state.status())
                .as("error: %s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.databases().get(0).tables())
                .extracting(MigrationState.TableState::name)
                .containsExactlyInAnyOrder("select", "back`tick ü", "nokey", "empty_one");
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            Map<String, TableDigest> expected = TableDigest.ofDatabase(s, db);
            assertThat(TableDigest.differences(expected, TableDigest.ofDatabase(t, db))).isEmpty();
            assertThat(expected.get("select").rows()).isEqualTo(2500);
            assertThat(expected.get("back`tick ü").rows()).isEqualTo(1500);
            assertThat(expected.get("nokey").rows()).isEqualTo(4);
        }
    }
}
