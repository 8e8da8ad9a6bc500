package dev.snapshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.VerifyProgress;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.api.VerifyResult.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code verify} prints: the progress line and the summary. */
class VerifyOutputTest {

    @Test
    void progressLineHasChunksRowsDifferencesAndEta() {
        assertThat(
                        VerifyProgressPrinter.line(
                                new VerifyProgress(
                                        "compare",
                                        3,
                                        30,
                                        12,
                                        2_900_000,
                                        1_218_000,
                                        1,
                                        Duration.ofSeconds(75),
                                        Duration.ofSeconds(12))))
                .isEqualTo(
                        "verify compare: 42.0% (12/30 chunks of 3 tables, 1218000 of ~2900000 rows),"
                                + " 1 chunk(s) differ, elapsed 1m15s, ETA 12s");
        assertThat(
                        VerifyProgressPrinter.line(
                                new VerifyProgress(
                                        "done", 1, 2, 2, 10, 10, 0, Duration.ofSeconds(1), null)))
                .isEqualTo(
                        "verify done: 100.0% (2/2 chunks of 1 tables, 10 of ~10 rows), elapsed 1s");
    }

    @Test
    void summaryNamesEachDifference() {
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        VerifyResult r =
                new VerifyResult(
                        "SNAPSHOT",
                        null,
                        false,
                        true,
                        List.of(
                                new VerifyResult.TableResult(
                                        "shop",
                                        "ok",
                                        Outcome.EQUAL,
                                        5,
                                        5,
                                        1,
                                        0,
                                        0,
                                        0,
                                        List.of(),
                                        null),
                                new VerifyResult.TableResult(
                                        "shop",
                                        "items",
                                        Outcome.DIFFERENT,
                                        3,
                                        4,
                                        2,
                                        1,
                                        1,
                                        12,
                                        List.of("id=2 (differs)", "id=9 (only on the target)"),
                                        null),
                                new VerifyResult.TableResult(
                                        "shop",
                                        "gone",
                                        Outcome.MISSING_ON_TARGET,
                                        7,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        List.of(),
                                        "the table is missing on the target")),
                        List.of(
                                new VerifyResult.SchemaDifference(
                                        "view shop.v", "missing on the target")),
                        List.of("a note"),
                        t0,
                        t0.plusMillis(1500));
        StringWriter out = new StringWriter();
        VerifySummary.print(r, new PrintWriter(out, true));
        assertThat(out.toString())
                .contains(
                        "Verify DIFFERENT in 1.5 s: 1 of 3 table(s) equal, 12 differing row(s),"
                                + " 1 definition difference(s) (source read with consistency SNAPSHOT)")
                .contains(
                        "  DIFFERENT shop.items: 12 row(s) differ in 1 of 2 chunk(s) (source 3 rows,"
                                + " target 4 rows): id=2 (differs), id=9 (only on the target), and 10 more")
                .contains("  MISSING_ON_TARGET shop.gone (the table is missing on the target)")
                .contains("  view shop.v: missing on the target")
                .contains("1 chunk(s) differed at first and were equal on a re-check")
                .contains("Note: a note")
                .contains("Writes were seen while verify ran")
                .doesNotContain("shop.ok");
    }
}
