package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void bytesInDecimalUnits() {
        assertThat(Texts.bytes(0)).isEqualTo("0 B");
        assertThat(Texts.bytes(999)).isEqualTo("999 B");
        assertThat(Texts.bytes(12_300)).isEqualTo("12.3 kB");
        assertThat(Texts.bytes(4_500_000)).isEqualTo("4.5 MB");
        assertThat(Texts.bytes(1_234_000_000_000L)).isEqualTo("1.2 TB");
    }

    @Test
    void durations() {
        assertThat(Texts.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Texts.duration(Duration.ofSeconds(750))).isEqualTo("12m 30s");
        assertThat(Texts.duration(Duration.ofMinutes(185))).isEqualTo("3h 05m");
        assertThat(Texts.duration(Duration.ofHours(52))).isEqualTo("2d 04h");
    }

    @Test
    void longNameListsAreCut() {
        List<String> names = IntStream.range(0, 13).mapToObj(i -> "t" + i).toList();
        assertThat(Texts.names(names)).startsWith("t0, t1").endsWith("t9, ... (3 more)");
        assertThat(Texts.names(List.of("a", "b"))).isEqualTo("a, b");
    }

    @Test
    void estimateAssumesFiftyMegabytesPerSecond() {
        assertThat(SizeEstimate.durationOf(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SizeEstimate.durationOf(50_000_000L * 90)).isEqualTo(Duration.ofSeconds(90));
        assertThat(SizeEstimate.durationOf(50_000_000L * 90 + 1)).isEqualTo(Duration.ofSeconds(91));
    }
}
