package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/prerequisites}, which {@code bin/test} runs first: as root it installs what is missing
 * with apt-get (what CI relies on); as another user it installs nothing and says what is missing
 * and the exact command. The system's {@code ldconfig}, {@code id} and {@code apt-get} are replaced
 * by scripts earlier on the PATH, so that libaio looks missing and the user is whoever the test
 * says.
 */
class PrerequisitesScriptIT {
    static final Path SCRIPT = Path.of("..", "bin", "prerequisites").toAbsolutePath().normalize();

    record Run(int code, String out, String err, String aptCalls) {}

    static void fake(Path dir, String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the script with libaio missing, as {@code uid}. */
    static Run run(Path dir, int uid) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("apt-calls");
        fake(bin, "ldconfig", "exit 0"); // lists no library: libaio.so.1 looks missing
        fake(bin, "id", "case \"$1\" in -un) echo tester ;; *) echo " + uid + " ;; esac");
        fake(bin, "apt-get", "echo \"$*\" >> " + calls);
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "servers");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(dir.resolve("out")),
                Files.readString(dir.resolve("err")),
                Files.exists(calls) ? Files.readString(calls, StandardCharsets.UTF_8) : "");
    }

    @Test
    void anotherUserIsToldWhatIsMissingAndTheExactCommandAndNothingIsInstalled(@TempDir Path dir)
            throws Exception {
        Run r = run(dir, 1000);
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err())
                .contains("missing:")
                .contains("libaio1")
                .contains("libaio.so.1")
                .contains("needs root and the Debian package registry")
                .contains("runs as tester")
                .contains("sudo apt-get update && sudo apt-get install -y libaio1")
                .contains("then run bin/test again");
        assertThat(r.aptCalls()).as("nothing installed").isEmpty();
    }

    @Test
    void rootInstallsWhatIsMissingAsCiDoes(@TempDir Path dir) throws Exception {
        Run r = run(dir, 0);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("installing libaio1");
        assertThat(r.aptCalls()).contains("install -y -qq libaio1");
    }

    @Test
    void theReadmeSaysSo() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme)
                .contains("Installing needs root and access to the Debian package registry")
                .contains("apt-get install libaio1 chromium chromium-driver");
    }
}
