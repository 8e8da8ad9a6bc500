package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.Preflight;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The source reached under another name (localhost vs 127.0.0.1, as through an alias, a proxy or
 * another address of the machine) is the same server: migrate and preflight refuse it before
 * anything is written, even with --clean-target, which would otherwise drop the source's own
 * tables.
 */
class SameServerIT {

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MARIADB_11_4_5", "MYSQL_5_7_22"})
    void theSourceUnderAnotherNameIsRefusedBeforeAnythingIsWritten(Flavor flavor) throws Exception {
        SandboxServer server = TestServers.source(flavor);
        String db = TestServers.unique("victim");
        server.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.important (id INT PRIMARY KEY, v INT)",
                "INSERT INTO `" + db + "`.important VALUES (1, 10), (2, 20)");
        ConnectionSpec source =
                ConnectionSpec.parse("source", "mysql://root@127.0.0.1:" + server.port(), "");
        ConnectionSpec alias =
                ConnectionSpec.parse("target", "mysql://root@localhost:" + server.port(), "");
        MigrationConfig config =
                MigrationConfig.of(source, alias, List.of(db), 2).withCleanTarget(true);

        MigrationState state = Migration.of(config).run();
        assertThat(state.errorCode()).as("error: %s", state.error()).isEqualTo(ErrorCode.PREFLIGHT);
        assertThat(state.error()).contains("the same server").contains("nothing was written");
        assertThat(rows(server, db)).as("the source's table is untouched").isEqualTo(2);

        PreflightReport report = Preflight.run(config);
        assertThat(report.failed()).isTrue();
        assertThat(report.checks())
                .anySatisfy(
                        c -> {
                            assertThat(c.name()).isEqualTo("distinct servers");
                            assertThat(c.level()).isEqualTo(PreflightCheck.Level.FAIL);
                        });
        assertThat(rows(server, db)).isEqualTo(2);
        server.execute("DROP DATABASE `" + db + "`");
    }

    private static long rows(SandboxServer server, String db) throws Exception {
        try (Connection c = server.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + db + "`.important")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
