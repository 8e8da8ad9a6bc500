package dev.snapshift.app;

import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Start one local server from the sandbox and keep it running until this process is stopped",
                "(SIGTERM or Ctrl-C stop the server and delete its data). Prints port, pid and paths. For benchmarks."})
final class SandboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--flavor", defaultValue = "MYSQL_8_0_33", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Flavor flavor;

    @Option(names = "--server-id", defaultValue = "1", description = "server_id (default: ${DEFAULT-VALUE}).")
    int serverId;

    @Option(names = "--native-password", description = "Give root mysql_native_password (for clients such as sysbench).")
    boolean nativePassword;

    @Option(names = "--gtid", description = "Turn GTIDs on (MySQL).")
    boolean gtid;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SandboxServer server = SandboxServer.start(SandboxOptions.of(flavor).withServerId(serverId)
                .withNativePassword(nativePassword).withGtid(gtid));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sandbox-stop"));
        out.println("url=" + server.url());
        out.println("host=" + server.host());
        out.println("port=" + server.port());
        out.println("server_pid=" + server.pid());
        out.println("basedir=" + server.baseDir());
        out.println("datadir=" + server.dataDir());
        out.println("ready");
        out.flush();
        stopped.await();
        return 0;
    }
}
