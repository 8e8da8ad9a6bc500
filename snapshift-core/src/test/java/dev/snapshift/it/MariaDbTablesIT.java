package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's own kinds of table are copied whole between MariaDB servers, never skipped: a SEQUENCE
 * with its current state (used by a table's DEFAULT), system-versioned tables with their history
 * (implicit and explicit period columns), UUID / INET6 / INET4 columns (also as a primary key, read
 * page by page). Onto MySQL they are refused before anything is written, each named.
 */
class MariaDbTablesIT {
    final SandboxServer source = TestServers.source(Flavor.MARIADB_11_4_5);

    private String createSourceDatabase() {
        String db = TestServers.unique("maria");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "USE `" + db + "`",
                "CREATE SEQUENCE seq START WITH 100 INCREMENT BY 5 CACHE 10",
                "SELECT NEXTVAL(seq), NEXTVAL(seq), NEXTVAL(seq)",
                // named to be created before the sequence it uses
                "CREATE TABLE a_numbered (id BIGINT NOT NULL DEFAULT NEXTVAL(seq) PRIMARY KEY, x INT)",
                "INSERT INTO a_numbered (x) VALUES (1), (2)",
                "CREATE TABLE hist (id INT PRIMARY KEY, v VARCHAR(10)) WITH SYSTEM VERSIONING",
                "INSERT INTO hist VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "UPDATE hist SET v = 'uno' WHERE id = 1",
                "DELETE FROM hist WHERE id = 2",
                "UPDATE hist SET v = 'eins' WHERE id = 1",
                "CREATE TABLE hist_explicit (id INT PRIMARY KEY, n INT, rs TIMESTAMP(6) AS ROW START INVISIBLE,"
                        + " re TIMESTAMP(6) AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME(rs, re)) WITH SYSTEM"
                        + " VERSIONING",
                "INSERT INTO hist_explicit VALUES (1, 10), (2, 20)",
                "UPDATE hist_explicit SET n = n + 1",
                "CREATE TABLE net (id INT PRIMARY KEY, u UUID, i6 INET6, i4 INET4)",
                "INSERT INTO net VALUES (1, '123e4567-e89b-12d3-a456-426655440000', '2001:db8::ff00:42:8329',"
                        + " '192.168.0.1'),"
                        + " (2, NULL, '::ffff:1.2.3.4', '0.0.0.0'), (3, UUID(), '::', '255.255.255.255')",
                "CREATE TABLE uuid_key (u UUID NOT NULL PRIMARY KEY, n INT)",
                "INSERT INTO uuid_key SELECT UUID(), seq FROM seq_1_to_7");
        return db;
    }

    @Test
    void sequencesVersionedTablesAndTypedColumnsCopyWhole() throws Exception {
        SandboxServer target = TestServers.target(Flavor.MARIADB_11_4_5);
        String db = createSourceDatabase();

        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 2)).run();

        assertThat(state.status())
                .as("%s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.databases().get(0).tables())
                .extracting(t -> t.name() + ":" + t.status())
                .containsExactly(
                        "seq:COMPLETED",
                        "a_numbered:COMPLETED",
                        "hist:COMPLETED",
                        "hist_explicit:COMPLETED",
                        "net:COMPLETED",
                        "uuid_key:COMPLETED");
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            for (String table :
                    List.of("seq", "a_numbered", "hist", "hist_explicit", "net", "uuid_key")) {
                String show = "SHOW CREATE TABLE `" + db + "`.`" + table + "`";
                assertThat(Rows.show(t, show, 2)).as(show).isEqualTo(Rows.show(s, show, 2));
            }
            for (String sql :
                    List.of(
                            "SELECT * FROM `" + db + "`.seq",
                            "SELECT id, v, row_start, row_end FROM `"
                                    + db
                                    + "`.hist FOR SYSTEM_TIME ALL ORDER BY id, row_start",
                            "SELECT id, n, rs, re FROM `"
                                    + db
                                    + "`.hist_explicit FOR SYSTEM_TIME ALL ORDER BY id, rs",
                            "SELECT id, v FROM `" + db + "`.hist ORDER BY id",
                            "SELECT id, HEX(u), HEX(i6), HEX(i4), u, i6, i4 FROM `"
                                    + db
                                    + "`.net ORDER BY id",
                            "SELECT HEX(u), n FROM `" + db + "`.uuid_key ORDER BY u",
                            "SELECT NEXTVAL(`" + db + "`.seq)")) {
                assertThat(Rows.of(t, sql)).as(sql).isEqualTo(Rows.of(s, sql)).isNotEmpty();
            }
            assertThat(Rows.of(t, "SELECT COUNT(*) FROM `" + db + "`.hist FOR SYSTEM_TIME ALL"))
                    .containsExactly("5");
        }
    }

    @Test
    void ontoMySqlTheyAreRefusedBeforeAnythingIsWritten() throws Exception {
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = createSourceDatabase();

        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 2)).run();

        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errorCode()).isEqualTo(ErrorCode.PREFLIGHT); // exit code 4
        assertThat(state.error())
                .contains("MySQL cannot hold")
                .contains(db + ".seq (SEQUENCE)")
                .contains(db + ".hist (WITH SYSTEM VERSIONING: its history)")
                .contains(db + ".net.u (UUID)")
                .contains(db + ".net.i6 (INET6)")
                .contains(db + ".net.i4 (INET4)");
        try (Connection t = target.connect()) {
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                                    db))
                    .isEmpty();
        }
    }
}
