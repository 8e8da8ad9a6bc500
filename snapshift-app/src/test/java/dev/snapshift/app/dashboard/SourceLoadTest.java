package dev.snapshift.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceLoadTest {
    static final Instant T0 = Instant.parse("2026-11-24T05:00:00Z");

    @Test
    void warnsWhenTheHistoryListClimbsSinceTheSnapshot() {
        assertThat(SourceLoad.warning(100L, 1_100L)).contains("grew from 100 to 1,100");
        assertThat(SourceLoad.warning(100L, 1_099L)).isNull();
        assertThat(SourceLoad.warning(10_000L, 12_000L)).as("grew by less than half").isNull();
        assertThat(SourceLoad.warning(null, 5_000L)).isNull();
        assertThat(SourceLoad.warning(null, null)).isNull();
        assertThat(SourceLoad.warning(2_000_000L, 2_000_001L)).contains("is 2,000,001");
    }

    @Test
    void measuresTheSnapshotAgeAndKeepsABoundedSeries() {
        SourceLoad load = new SourceLoad();
        assertThat(load.json(T0).get("snapshotAgeMillis").isNull()).isTrue();
        load.snapshotTaken(T0);
        for (int i = 0; i < SourceLoad.MAX_SAMPLES + 10; i++) {
            load.sample(T0.plusSeconds(i), 50 + i * 10L);
        }
        ObjectNode json = load.json(T0.plusSeconds(90));
        assertThat(json.get("snapshotAgeMillis").asLong()).isEqualTo(90_000);
        assertThat(json.get("historyList").size()).isLessThanOrEqualTo(SourceLoad.MAX_SAMPLES);
        assertThat(json.get("historyList").get(0).get("length").asLong()).isEqualTo(50);
        assertThat(json.get("historyListWarning").asText()).contains("grew from 50 to");
        load.ended(T0.plusSeconds(100));
        assertThat(load.json(T0.plusSeconds(500)).get("snapshotAgeMillis").asLong())
                .isEqualTo(100_000);
    }
}
