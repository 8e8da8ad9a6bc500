package dev.snapshift.it;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.ManagedProfile;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exploration: a legacy schema onto a target shaped like Azure Flexible Server. */
class ManagedTargetIT {
    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_5_7_22"})
    void explore(Flavor flavor) throws Exception {
        SandboxServer source = TestServers.source(flavor);
        SandboxServer target = SharedServers.managedTarget();
        String db = "Legacy_" + TestServers.unique("App");
        source.execute(
                "CREATE USER IF NOT EXISTS 'legacyapp'@'%' IDENTIFIED BY 'App-pw-1'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON *.* TO 'legacyapp'@'%'");
        SqlScript.run(source, "/managed/legacy-app.sql", Map.of("db", db));
        MigrationConfig config =
                MigrationConfig.of(
                                TestServers.spec(source),
                                ConnectionSpec.parse(
                                        "target", ManagedProfile.adminUrl(target), null),
                                List.of(db),
                                2)
                        .withNonTransactional(NonTransactionalPolicy.LOCK);
        MigrationState state = Migration.of(config).run();
        System.out.println("STATE " + state.status() + " " + state.error());
        state.databases().forEach(d -> d.tables().forEach(t -> System.out.println("TABLE " + t)));
        state.objects().forEach(o -> System.out.println("OBJECT " + o));
    }
}
