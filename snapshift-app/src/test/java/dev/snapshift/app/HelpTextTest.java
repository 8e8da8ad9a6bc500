package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help as an 80-column terminal shows it, and the README where both describe the
 * same thing.
 */
class HelpTextTest {
    static final Path README = Path.of("..", "README.md");

    static Map<String, CommandLine> commands() {
        return Main.commandLine().getSubcommands();
    }

    static String help(CommandLine c) {
        c.getCommandSpec().usageMessage().width(80);
        return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            assertThat(description).as(e.getKey()).isNotEmpty();
            assertThat(description[0].strip())
                    .as("the summary `snapshift --help` lists for " + e.getKey())
                    .endsWith(".");
        }
    }

    @Test
    void noPlaceholderNamedAfterAJavaField() {
        Pattern placeholder = Pattern.compile("<[A-Za-z]+>");
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            Matcher m = placeholder.matcher(help(e.getValue()));
            while (m.find()) {
                found.add(e.getKey() + ": " + m.group());
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theDefaultStateDirectoryIsNeverBrokenAcrossLines() {
        for (String name : List.of("migrate", "serve", "status")) {
            String text = help(commands().get(name));
            assertThat(text).as(name).contains("~/.local/state/snapshift").doesNotContain("~/.\n");
        }
    }

    @Test
    void lockWaitTimeoutReadsTheSameInHelpAndReadme() throws Exception {
        String help =
                commands()
                        .get("migrate")
                        .getCommandSpec()
                        .findOption("--lock-wait-timeout")
                        .description()[0]
                        .replace("${DEFAULT-VALUE}", "10s");
        String readme = Files.readString(README).replace("`", "");
        assertThat(readme).contains("| --lock-wait-timeout | " + help + " |");
        assertThat(help).contains("500ms").contains("At least 100ms");
    }

    @Test
    void exitCodesAgreeBetweenHelpAndReadmeAndNameSigterm() throws Exception {
        String help = help(commands().get("migrate")).replaceAll("\\s+", " ");
        assertThat(help).contains("130 interrupted (Ctrl-C), 143 stopped by SIGTERM");
        String readme = Files.readString(README).replaceAll("\\s+", " ");
        assertThat(readme).contains("`130` interrupted (Ctrl-C); `143` stopped by SIGTERM");
        for (int code : new int[] {0, 2, 3, 4, 5, 6, 130, 143}) {
            assertThat(help).contains(" " + code + " ");
            assertThat(readme).contains("`" + code + "`");
        }
    }

    @Test
    void everyHelpTextIsAValidFormatStringAsPicocliRendersIt() {
        // picocli formats these texts: an unescaped % prints a WARN and the raw text instead
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            CommandLine.Model.CommandSpec spec = e.getValue().getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            spec.options().forEach(o -> texts.addAll(List.of(o.description())));
            for (String t : texts) {
                try {
                    String.format(t);
                } catch (java.util.IllegalFormatException ex) {
                    bad.add(e.getKey() + ": " + t + " (" + ex + ")");
                }
            }
        }
        assertThat(bad).isEmpty();
        assertThat(help(commands().get("migrate")).replaceAll("\\s+", " "))
                .as("the same words as the URL errors")
                .contains(dev.snapshift.api.ConnectionSpec.ENCODE_ADVICE);
    }

    @Test
    void sandboxHelpOffersPort() {
        assertThat(help(commands().get("sandbox")).replaceAll("\\s+", " "))
                .contains("--port=N")
                .contains("0 or absent: a free port");
    }
}
