package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code snapshift sandbox --port N}: the server listens where the user says, and a port in use is
 * refused at once.
 */
class SandboxCommandIT {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPortInUseIsAUsageErrorThatSaysWhatToDo() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r =
                    CliRun.of(
                            "sandbox",
                            "--flavor",
                            "MYSQL_8_0_15",
                            "--port",
                            String.valueOf(busy.getLocalPort()));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .contains("--port " + busy.getLocalPort() + " is already in use on 127.0.0.1")
                    .contains("leave --port out for a free one");
            assertThat(r.out()).doesNotContain("ready");
        }
        assertThat(CliRun.of("sandbox", "--port", "-1").code()).isEqualTo(2);
    }

    @Test
    void theServerListensOnTheChosenPortUntilStopped() throws Exception {
        int port = freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread cli =
                new Thread(
                        () ->
                                exit.complete(
                                        Main.run(
                                                new PrintWriter(out, true),
                                                new PrintWriter(err, true),
                                                "sandbox",
                                                "--flavor",
                                                "MYSQL_8_0_15",
                                                "--port",
                                                String.valueOf(port))),
                        "snapshift-cli-sandbox");
        cli.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!out.toString().contains("ready")
                    && !exit.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(out.toString())
                    .as("out: %s err: %s", out, err)
                    .contains("ready")
                    .contains("port=" + port + "\n")
                    .contains("url=mysql://root@127.0.0.1:" + port);
            try (Connection c =
                    DriverManager.getConnection(
                            "jdbc:mysql://127.0.0.1:"
                                    + port
                                    + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                            "root",
                            "")) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            cli.interrupt(); // as the tests stop in-process commands; the command stops its server
            assertThat(exit.get(2, TimeUnit.MINUTES)).as("out: %s err: %s", out, err).isZero();
        }
        assertThat(out.toString()).contains("stopped");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }
}
