package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits without closing its servers still stops them and deletes their data directories.
 */
class ShutdownHookIT {

    @TempDir Path tmp;

    /** The child JVM: starts a server, reports it, and exits without closing it. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            SandboxServer server = SandboxServer.start(Flavor.valueOf(args[0]));
            Files.writeString(Path.of(args[1]), server.pid() + "\n" + server.dataDir());
            System.exit(0);
        }
    }

    @Test
    void serversLeftRunningAreStoppedAtExit() throws Exception {
        Path report = tmp.resolve("server.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Child.class.getName(),
                                Flavor.MYSQL_8_0_15.name(),
                                report.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("child.log").toFile())
                        .start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();

        List<String> lines = Files.readAllLines(report);
        long pid = Long.parseLong(lines.get(0));
        Path dataDir = Path.of(lines.get(1));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));
        assertThat(dataDir).doesNotExist();
    }
}
