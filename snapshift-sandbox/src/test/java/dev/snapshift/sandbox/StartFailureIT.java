package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A server that cannot start fails fast, says why, and leaves no data directory behind. */
class StartFailureIT {
    private static final String BAD_OPTION =
            "--no-such-option-" + ProcessHandle.current().pid() + "=1";

    /**
     * "Fast": the failure is seen by the server process's exit ("exited during startup"), not by
     * the wait for connections running out ("did not accept connections within ..."). Asserted by
     * the message, not by a clock: the time includes the data directory's initialisation, which
     * took 31 s once under a load average of 19.
     */
    @Test
    void rejectedOptionFailsFastWithTheErrorLog() throws Exception {
        assertThatThrownBy(
                        () ->
                                SandboxServer.start(
                                        SandboxOptions.of(Flavor.MYSQL_8_0_15)
                                                .withExtraArgs(List.of(BAD_OPTION))))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("MySQL 8.0.15 exited during startup")
                .hasMessageContaining(BAD_OPTION.substring(2, BAD_OPTION.length() - 2))
                .hasMessageNotContaining("did not accept connections");
        assertThat(dataDirsMentioningTheBadOption()).as("data directories left behind").isEmpty();
    }

    /**
     * Other JVMs may run sandbox servers meanwhile, so look for this test's own data directory
     * only.
     */
    private static List<Path> dataDirsMentioningTheBadOption() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("snapshift-sandbox-"))
                    .filter(
                            p ->
                                    FileTrees.tail(p.resolve("error.log"), 100_000)
                                            .contains(
                                                    BAD_OPTION.substring(
                                                            2, BAD_OPTION.length() - 2)))
                    .toList();
        }
    }
}
