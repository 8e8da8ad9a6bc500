package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target left with a copy (tables, a view, a procedure, a trigger) is refused, and --clean-target
 * replaces it.
 */
class CleanTargetIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void leftoversAreRefusedThenCleaned() throws Exception {
        String db = TestServers.unique("clean");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".t (id INT PRIMARY KEY, v INT)",
                "INSERT INTO " + q + ".t VALUES (1, 10), (2, 20)",
                "CREATE VIEW " + q + ".v AS SELECT id FROM " + q + ".t",
                "CREATE PROCEDURE " + q + ".p() SELECT 1",
                "CREATE TRIGGER "
                        + q
                        + ".trg BEFORE INSERT ON "
                        + q
                        + ".t FOR EACH ROW SET NEW.v = NEW.v");
        MigrationConfig config = TestServers.config(source, target, List.of(db), 2, 1000);
        assertThat(Migration.of(config).run().status()).isEqualTo(Status.COMPLETED);

        // only the view is left over (as after a run killed while finishing): the next run refuses
        // before writing
        target.execute("DROP TABLE " + q + ".t", "DROP PROCEDURE " + q + ".p");
        MigrationState refused = Migration.of(config).run();
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.PREFLIGHT);
        assertThat(refused.error()).contains("view " + db + ".v").contains("--clean-target");

        source.execute("INSERT INTO " + q + ".t VALUES (3, 30)");
        MigrationState cleaned = Migration.of(config.withCleanTarget(true)).run();
        assertThat(cleaned.status()).as("error: %s", cleaned.error()).isEqualTo(Status.COMPLETED);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
            try (var st = t.createStatement();
                    var rs = st.executeQuery("SELECT COUNT(*) FROM " + q + ".v")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }
}
