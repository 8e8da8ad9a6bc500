package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is a usage error (exit 2) that says what is wrong and how to write it, before any
 * server is contacted.
 */
class CliUsageTest {
    @TempDir Path state;

    /**
     * Ports nothing listens on: a run that got past the usage checks fails to connect (exit 3),
     * quickly.
     */
    static String closedPortUrl(String user) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "mysql://" + user + "@127.0.0.1:" + s.getLocalPort();
        }
    }

    CliRun migrate(String source, String target, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "migrate",
                                "--source",
                                source,
                                "--target",
                                target,
                                "--state-dir",
                                state.toString(),
                                "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void anUnencodedAtOrHashInThePasswordSaysToPercentEncode() throws Exception {
        String target = closedPortUrl("root");
        for (String source :
                new String[] {
                    "mysql://app:p@ss@127.0.0.1:3306", "mysql://app:pa#ss@127.0.0.1:3306"
                }) {
            CliRun r = migrate(source, target);
            assertThat(r.code()).as(source + ": " + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("--source")
                    .contains("percent-encode @ as %40 and # as %23 in the password")
                    .doesNotContain("no host")
                    .doesNotContain("p@ss")
                    .doesNotContain("pa#ss");
        }
    }

    @Test
    void aPortThatIsNotANumberIsNamed() throws Exception {
        CliRun r = migrate(closedPortUrl("app"), "mysql://root@127.0.0.1:abc");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--target")
                .contains("port 'abc' is not a number")
                .doesNotContain("no host");
    }

    @Test
    void databasesWithOnlyEmptyNamesIsAUsageErrorNotEveryDatabase() throws Exception {
        for (String value : new String[] {"--databases=,", "--databases=,,", "--databases= "}) {
            CliRun r = migrate(closedPortUrl("app"), closedPortUrl("root"), value);
            assertThat(r.code()).as(value + ": " + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("--databases names no database")
                    .contains("leave the option out");
        }
        CliRun preflight =
                CliRun.of(
                        "preflight",
                        "--source",
                        closedPortUrl("app"),
                        "--target",
                        closedPortUrl("root"),
                        "--databases=,");
        assertThat(preflight.code()).isEqualTo(2);
        assertThat(preflight.err()).contains("--databases names no database");
    }

    @Test
    void chunkRowsZeroNamesTheOption() throws Exception {
        CliRun r = migrate(closedPortUrl("app"), closedPortUrl("root"), "--chunk-rows", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--chunk-rows must be at least 1")
                .doesNotContain("chunk size");
    }

    @Test
    void lockWaitTimeoutTakesMillisecondsDownTo100() throws Exception {
        CliRun tooShort =
                migrate(closedPortUrl("app"), closedPortUrl("root"), "--lock-wait-timeout", "50ms");
        assertThat(tooShort.code()).isEqualTo(2);
        assertThat(tooShort.err()).contains("--lock-wait-timeout must be at least 100ms, was 50ms");
        // the README's and --help's own example is accepted: the run gets as far as connecting
        CliRun accepted =
                migrate(
                        closedPortUrl("app"),
                        closedPortUrl("root"),
                        "--lock-wait-timeout",
                        "500ms");
        assertThat(accepted.code()).as(accepted.err()).isEqualTo(3);
        assertThat(accepted.err()).contains("cannot connect").doesNotContain("lock wait timeout");
    }

    @Test
    void anUnwritableReportPathIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun underAFile =
                migrate(
                        closedPortUrl("app"),
                        closedPortUrl("root"),
                        "--report",
                        file.resolve("report.json").toString());
        assertThat(underAFile.code()).isEqualTo(2);
        assertThat(underAFile.err())
                .contains("cannot write the report to " + file.resolve("report.json"))
                .contains("is a file, not a directory")
                .contains("nothing was started")
                .doesNotContain("cannot connect");
        assertThat(underAFile.out()).doesNotContain("binlog position");

        CliRun aDirectory =
                migrate(closedPortUrl("app"), closedPortUrl("root"), "--report", dir.toString());
        assertThat(aDirectory.code()).isEqualTo(2);
        assertThat(aDirectory.err()).contains("it is a directory");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("no probe file left")
                    .containsExactly("plain-file");
        }
    }

    @Test
    void aFailureBeforeTheSnapshotNeverClaimsTheSourceHasNoBinaryLog() throws Exception {
        CliRun r =
                CliRun.of(
                        "migrate",
                        "--source",
                        closedPortUrl("app"),
                        "--target",
                        closedPortUrl("root"),
                        "--state-dir",
                        state.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out())
                .contains("binlog position: none (no point in time was taken)")
                .doesNotContain("no binary log");
    }

    @Test
    void onlineOptionsAndCutoverSayWhatIsWrong() throws Exception {
        String source = closedPortUrl("root");
        String target = closedPortUrl("root");
        CliRun resume = migrate(source, target, "--resume", "20261130-120000-abcd");
        assertThat(resume.code()).as(resume.err()).isEqualTo(2);
        assertThat(resume.err()).contains("no run '20261130-120000-abcd'");

        CliRun ddl = migrate(source, target, "--online", "--on-ddl", "skip");
        assertThat(ddl.code()).as(ddl.err()).isEqualTo(2);
        assertThat(ddl.err()).contains("unknown --on-ddl 'skip': use stop, apply or ignore");

        CliRun unknown =
                CliRun.of("cutover", "20261130-120000-abcd", "--state-dir", state.toString());
        assertThat(unknown.code()).as(unknown.err()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run '20261130-120000-abcd'");

        CliRun verify =
                CliRun.of(
                        "cutover",
                        "20261130-120000-abcd",
                        "--state-dir",
                        state.toString(),
                        "--verify",
                        "all");
        assertThat(verify.code()).as(verify.err()).isEqualTo(2);
        assertThat(verify.err()).contains("unknown --verify 'all': use none, counts or digest");
    }

    @Test
    void aMistypedCommandGetsSuggestionsAndAMissingOptionItsName() {
        CliRun typo = CliRun.of("migrat", "--source", "mysql://u@h:1");
        assertThat(typo.code()).isEqualTo(dev.snapshift.api.ErrorCode.USAGE.exitCode());
        assertThat(typo.err())
                .contains("migrat")
                .contains("Did you mean")
                .contains("snapshift migrate");
        CliRun missing = CliRun.of("migrate");
        assertThat(missing.code()).isEqualTo(dev.snapshift.api.ErrorCode.USAGE.exitCode());
        assertThat(missing.err()).contains("--source").contains("snapshift migrate --help");
        CliRun helpOf = CliRun.of("help", "verify");
        assertThat(helpOf.code()).isZero();
        assertThat(helpOf.out()).startsWith("Usage: snapshift verify");
    }

    @Test
    void aNamedCommandIsBuiltAloneAndEverythingElseGetsEveryCommand() {
        List<String> all =
                List.of(
                        "migrate",
                        "cutover",
                        "preflight",
                        "verify",
                        "serve",
                        "status",
                        "demo",
                        "sandbox",
                        "help");
        assertThat(Main.commandLine().getSubcommands().keySet()).containsExactlyElementsOf(all);
        for (String name : all.subList(0, all.size() - 1)) {
            assertThat(Main.commandLine(name).getSubcommands().keySet())
                    .as(name)
                    .containsExactly(name);
        }
        for (String other : new String[] {"help", "migrat", "--help", "-V", "--source"}) {
            assertThat(Main.commandLine(other).getSubcommands().keySet())
                    .as(other)
                    .containsExactlyElementsOf(all);
        }
        // built alone, a command still has its parent's name, its usage and its errors
        CliRun alone = CliRun.of("verify", "--help");
        assertThat(alone.code()).isZero();
        assertThat(alone.out()).startsWith("Usage: snapshift verify");
        CliRun wrongOption = CliRun.of("status", "--bogus");
        assertThat(wrongOption.code()).isEqualTo(dev.snapshift.api.ErrorCode.USAGE.exitCode());
        assertThat(wrongOption.err()).contains("--bogus").contains("snapshift status --help");
    }
}
