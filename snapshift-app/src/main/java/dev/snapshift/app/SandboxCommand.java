package dev.snapshift.app;

import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
            "Start one local MySQL or MariaDB server and keep it running until stopped.",
            "SIGTERM or Ctrl-C stop the server and delete its data. Prints its URL, port, pid and paths. For benchmarks."
        })
final class SandboxCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--flavor",
            defaultValue = "MYSQL_8_0_33",
            paramLabel = "FLAVOR",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Flavor flavor;

    @Option(
            names = "--server-id",
            defaultValue = "1",
            paramLabel = "N",
            description = "server_id (default: ${DEFAULT-VALUE}).")
    int serverId;

    @Option(
            names = "--native-password",
            description = "Give root mysql_native_password (for clients such as sysbench).")
    boolean nativePassword;

    @Option(names = "--gtid", description = "Turn GTIDs on (MySQL).")
    boolean gtid;

    @Option(
            names = "--port",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "TCP port on 127.0.0.1 to listen on; 0 or absent: a free port (printed at start).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--port must be 0 (a free port) or 1-65535, was " + port);
        }
        if (port != 0 && !isFree(port)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--port "
                            + port
                            + " is already in use on 127.0.0.1: stop what"
                            + " listens there, choose another port, or leave --port out for a free one");
        }
        PrintWriter out = spec.commandLine().getOut();
        SandboxServer server =
                SandboxServer.start(
                        SandboxOptions.of(flavor)
                                .withServerId(serverId)
                                .withNativePassword(nativePassword)
                                .withGtid(gtid)
                                .withPort(port));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("url=" + server.url());
        out.println("host=" + server.host());
        out.println("port=" + server.port());
        out.println("server_pid=" + server.pid());
        out.println("basedir=" + server.baseDir());
        out.println("datadir=" + server.dataDir());
        out.println("ready");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // run in-process and interrupted (tests): stop the server now, not at JVM exit
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            out.println("stopped");
            out.flush();
        }
        return 0;
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
