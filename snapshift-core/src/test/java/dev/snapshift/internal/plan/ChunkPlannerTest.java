package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {
    static final ColumnInfo ID =
            new ColumnInfo("id", "bigint", "bigint unsigned", null, null, false, ValueKind.NUMBER);

    static TableInfo table(long rows) {
        return new TableInfo(
                "d", "t", "InnoDB", rows, rows * 100, List.of(ID), List.of(ID), "PRIMARY");
    }

    @Test
    void chunksAreCutByBytesAndCappedByRows() {
        assertThat(new ChunkPlanner(500_000, 32L << 20).rowsPerChunk(200))
                .isEqualTo((32 << 20) / 200);
        assertThat(new ChunkPlanner(1000, 32L << 20).rowsPerChunk(200)).isEqualTo(1000);
        assertThat(new ChunkPlanner(500_000, 32L << 20).rowsPerChunk(64L << 20))
                .isEqualTo(1); // a 64 MB row is a chunk
        assertThat(new ChunkPlanner(500_000, 32L << 20).rowsPerChunk(0))
                .isEqualTo(500_000); // empty sample
    }

    @Test
    void keysetOnlyForKeysThatCompareAsTheyOrder() {
        ColumnInfo name =
                new ColumnInfo(
                        "n",
                        "varchar",
                        "varchar(10)",
                        "utf8mb4",
                        "utf8mb4_0900_ai_ci",
                        false,
                        ValueKind.TEXT);
        ColumnInfo e =
                new ColumnInfo(
                        "e",
                        "enum",
                        "enum('a','b')",
                        "utf8mb4",
                        "utf8mb4_0900_ai_ci",
                        false,
                        ValueKind.TEXT);
        ColumnInfo f = new ColumnInfo("f", "double", "double", null, null, false, ValueKind.NUMBER);
        assertThat(ChunkPlanner.keysetUsable(List.of(name, ID))).isTrue();
        assertThat(ChunkPlanner.keysetUsable(List.of(e))).isFalse();
        assertThat(ChunkPlanner.keysetUsable(List.of(f))).isFalse();
        assertThat(ChunkPlanner.keysetUsable(List.of())).isFalse();
    }
}
