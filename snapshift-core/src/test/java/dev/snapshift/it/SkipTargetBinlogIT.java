package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * --skip-target-binlog: the copy stays out of the target's binary log, and is refused up front
 * without the privilege.
 */
class SkipTargetBinlogIT {
    private final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    private final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    private String database(String prefix) {
        String db = TestServers.unique(prefix);
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v VARCHAR(40), KEY by_v (v))",
                "INSERT INTO `"
                        + db
                        + "`.t WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000)"
                        + " SELECT n, CONCAT('value ', n) FROM s");
        return db;
    }

    private String binlogEnd() throws Exception {
        try (Connection c = target.connect()) {
            return Jdbc.query(
                            c, "SHOW MASTER STATUS", rs -> rs.getString(1) + ":" + rs.getString(2))
                    .get(0);
        }
    }

    @Test
    void theCopyLeavesTheTargetsBinaryLogAsItWas() throws Exception {
        String db = database("nolog");
        String before = binlogEnd();
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 2, 500)
                                        .withSkipTargetBinlog(true))
                        .run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(binlogEnd()).as("target binary log end").isEqualTo(before);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
        }
    }

    @Test
    void withoutThePrivilegeItIsRefusedBeforeAnythingIsWritten() throws Exception {
        String db = database("nologpriv");
        String user = "u_" + db;
        target.createUser(
                user,
                "No-Binlog-1",
                "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES,"
                        + " CREATE VIEW, SHOW VIEW, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EVENT, EXECUTE ON *.*");
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 2, 500)
                                        .withSkipTargetBinlog(true)
                                        .withTarget(
                                                ConnectionSpec.parse(
                                                        "target",
                                                        "mysql://"
                                                                + user
                                                                + "@"
                                                                + target.host()
                                                                + ":"
                                                                + target.port(),
                                                        "No-Binlog-1")))
                        .run();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errorCode()).isEqualTo(ErrorCode.PREFLIGHT);
        assertThat(state.error())
                .contains("--skip-target-binlog")
                .contains("SYSTEM_VARIABLES_ADMIN");
        try (Connection t = target.connect()) {
            assertThat(
                            Jdbc.scalar(
                                    t,
                                    "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                                    db))
                    .isEqualTo("0");
        }
    }
}
