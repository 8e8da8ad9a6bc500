package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Functional indexes (MySQL 8.0) arrive with the same definition and the same information_schema
 * attributes.
 */
class FunctionalIndexIT {
    @Test
    void functionalIndexesMatchTheSource() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("fidx");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "USE `" + db + "`",
                "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL, n INT, j JSON,"
                        + " d DATE NOT NULL, KEY k_lower ((LOWER(name))), KEY k_sum ((n + 1)), KEY k_mixed (name, (n *"
                        + " 2)),"
                        + " UNIQUE KEY u_json ((CAST(j->'$.code' AS CHAR(10)))), KEY k_year ((YEAR(d))), KEY k_plain"
                        + " (n),"
                        + " KEY k_multi ((CAST(j->'$.tags' AS UNSIGNED ARRAY))))",
                "INSERT INTO t (name, n, j, d) VALUES ('Ann', 1, '{\"code\": \"a\", \"tags\": [1, 2]}', '2020-01-01'),"
                        + " ('Bob', NULL, '{\"code\": \"b\", \"tags\": []}', '2021-02-03')");

        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 1000)).run();

        assertThat(state.status())
                .as("%s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        String sql =
                "SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, EXPRESSION, NULLABLE, NON_UNIQUE, INDEX_TYPE,"
                        + " IS_VISIBLE"
                        + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX";
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(Rows.of(t, sql, db)).isEqualTo(Rows.of(s, sql, db)).hasSize(9);
            assertThat(Rows.show(t, "SHOW CREATE TABLE `" + db + "`.t", 2))
                    .isEqualTo(Rows.show(s, "SHOW CREATE TABLE `" + db + "`.t", 2));
        }
    }
}
