package dev.snapshift.app;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.ManagedProfile;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.Replication;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Migrate a sample shop and bank under a live write load between two local servers, and prove it.",
            "",
            "Starts a source and a target server, loads the sample data, keeps writing to the source, migrates it"
                    + " consistently, then checks the invariants on the target and that replication from the reported"
                    + " coordinates reproduces the source exactly. Everything started is stopped at the end."
        })
final class DemoCommand implements Callable<Integer> {
    static final int ACCOUNTS = 1_000;
    static final long BALANCE = 10_000;

    @Spec CommandSpec spec;

    @Option(
            names = "--flavor",
            defaultValue = "MYSQL_8_0_15",
            paramLabel = "FLAVOR",
            description = "Server to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Flavor flavor;

    @Option(
            names = "--orders",
            defaultValue = "200000",
            paramLabel = "N",
            description = "Orders in the sample shop (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(
            names = "--threads",
            defaultValue = "4",
            paramLabel = "N",
            description = "Copy workers (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--managed-target",
            description =
                    "Make the target look like Azure Database for MySQL Flexible Server: MySQL 8.0.33 with"
                            + " lower_case_table_names=1, generated invisible primary keys, TLS required, InnoDB only,"
                            + " and an admin account without SUPER that the migration runs as.")
    boolean managedTarget;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (report != null) {
            ReportFile.requireWritable(report);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                "Starting a source "
                        + flavor.version()
                        + " server and a "
                        + (managedTarget
                                ? "target shaped like a managed cloud database (MySQL 8.0.33)"
                                : "target " + flavor.version() + " server")
                        + " (first run downloads them from Maven Central)...");
        out.flush();
        try (SandboxServer source = SandboxServer.start(SandboxOptions.of(flavor).withServerId(1));
                SandboxServer target =
                        managedTarget
                                ? ManagedProfile.start()
                                : SandboxServer.start(SandboxOptions.of(flavor).withServerId(2))) {
            out.println(
                    "source: "
                            + source.url()
                            + "   target: "
                            + (managedTarget
                                    ? "mysql://"
                                            + ManagedProfile.ADMIN
                                            + "@"
                                            + target.host()
                                            + ":"
                                            + target.port()
                                            + " over TLS (lower_case_table_names=1, invisible primary keys,"
                                            + " InnoDB only, no SUPER)"
                                    : target.url()));
            out.println(
                    "Loading the sample data: shop ("
                            + orders
                            + " orders) and bank ("
                            + ACCOUNTS
                            + " accounts)...");
            out.flush();
            try (Connection c = source.connect()) {
                SampleData.createShop(c, "shop", orders);
                TransferWorkload.createSchema(c, "bank", ACCOUNTS, BALANCE);
                Replication.createUser(c, flavor.isMariaDb());
            }
            MigrationConfig config =
                    MigrationConfig.of(
                            ConnectionSpec.parse("source", source.url(), null),
                            ConnectionSpec.parse(
                                    "target",
                                    managedTarget ? ManagedProfile.adminUrl(target) : target.url(),
                                    null),
                            List.of("shop", "bank"),
                            threads);
            MigrationState state;
            long committedDuring;
            try (TransferWorkload load =
                    TransferWorkload.start(
                            source.jdbcUrl("bank"),
                            source.rootUser(),
                            source.rootPassword(),
                            4,
                            42)) {
                Thread.sleep(500);
                out.println(
                        "A write load is running on the source: money transfers between accounts, each with a ledger row.");
                out.println("Migrating shop and bank while it runs...");
                out.flush();
                long before = load.committed();
                state = MigrationRun.execute(config, out, false, report);
                committedDuring = load.committed() - before;
                Thread.sleep(300);
            }
            if (state.status() != Status.COMPLETED) {
                out.println("The demo migration failed; see above.");
                return ExitCodes.of(state);
            }
            out.println();
            out.println(
                    "Proof 1 - the source kept writing: "
                            + committedDuring
                            + " transfers committed during the migration.");
            try (Connection t = target.connect()) {
                List<String> broken =
                        TransferWorkload.checkInvariants(t, "bank", ACCOUNTS, BALANCE);
                out.println(
                        "Proof 2 - invariants on the target (total money constant, every balance matches its ledger,"
                                + " ledger count matches the transfer counter): "
                                + (broken.isEmpty() ? "all hold" : "BROKEN " + broken));
                if (!broken.isEmpty()) {
                    return 5;
                }
            }
            try (Connection t = target.connect();
                    Connection s = source.connect()) {
                Replication.start(
                        t,
                        source.host(),
                        source.port(),
                        state.binlog().file(),
                        state.binlog().position());
                Replication.awaitCaughtUp(t, s, Duration.ofMinutes(2));
                Replication.stop(t);
                List<String> diff = new java.util.ArrayList<>();
                for (String db : List.of("shop", "bank")) {
                    Map<String, TableDigest> a = TableDigest.ofDatabase(s, db);
                    Map<String, TableDigest> b = TableDigest.ofDatabase(t, db);
                    TableDigest.differences(a, b).forEach(d -> diff.add(db + "." + d));
                }
                out.println(
                        "Proof 3 - replication started on the target from "
                                + state.binlog().file()
                                + ":"
                                + state.binlog().position()
                                + " replayed every later write; the target now "
                                + (diff.isEmpty()
                                        ? "equals the source table by table, row by row."
                                        : "DIFFERS: " + diff));
                if (!diff.isEmpty()) {
                    return 5;
                }
            }
            out.println();
            out.println("Demo done. Stopping the servers.");
            out.flush();
            return 0;
        }
    }
}
