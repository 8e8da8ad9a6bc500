package dev.snapshift.internal.plan;

import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPlannerTest {
    static final ColumnInfo ID = new ColumnInfo("id", "bigint", "bigint unsigned", null, null, false, ValueKind.NUMBER);

    static TableInfo table(long rows) {
        return new TableInfo("d", "t", "InnoDB", rows, rows * 100, List.of(ID), List.of(ID), "PRIMARY");
    }

    @Test
    void rangesCoverTheKeySpaceWithoutGapsOrOverlaps() {
        List<Chunk> chunks = ChunkPlanner.ranges(1000, table(10_000), BigInteger.valueOf(1), BigInteger.valueOf(10_000), 10_000);
        assertThat(chunks).hasSize(10);
        assertThat(chunks.get(0).lower()).isEqualTo("1");
        assertThat(chunks.get(0).upper()).isEqualTo("1000");
        assertThat(chunks.get(9).upper()).isEqualTo("10000");
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(new BigInteger(chunks.get(i).lower()))
                    .isEqualTo(new BigInteger(chunks.get(i - 1).upper()).add(BigInteger.ONE));
        }
    }

    @Test
    void sparseKeysGetWiderRanges() {
        List<Chunk> chunks = ChunkPlanner.ranges(1000, table(5_000), BigInteger.ZERO, BigInteger.valueOf(5_000_000_000L), 5_000);
        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(4).upper()).isEqualTo("5000000000");
    }

    @Test
    void fullUnsignedBigintRange() {
        BigInteger max = new BigInteger("18446744073709551615");
        List<Chunk> chunks = ChunkPlanner.ranges(1000, table(3_000), BigInteger.ZERO, max, 3_000);
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(2).upper()).isEqualTo(max.toString());
    }

    @Test
    void smallKeySpaceGivesOneRange() {
        assertThat(ChunkPlanner.ranges(1000, table(0), BigInteger.ONE, BigInteger.valueOf(500), 0)).hasSize(1);
    }

    @Test
    void rangesAreCapped() {
        assertThat(ChunkPlanner.ranges(1, table(0), BigInteger.ZERO, new BigInteger("18446744073709551615"), Long.MAX_VALUE / 2))
                .hasSize(ChunkPlanner.MAX_RANGES);
    }

    @Test
    void chunksAreCutByBytesAndCappedByRows() {
        assertThat(new ChunkPlanner(500_000, 32L << 20).rowsPerChunk(200)).isEqualTo((32 << 20) / 200);
        assertThat(new ChunkPlanner(1000, 32L << 20).rowsPerChunk(200)).isEqualTo(1000);
        assertThat(new ChunkPlanner(500_000, 32L << 20).rowsPerChunk(64L << 20)).isEqualTo(1); // a 64 MB row is a chunk
        assertThat(new ChunkPlanner(500_000, 32L << 20).rowsPerChunk(0)).isEqualTo(500_000); // empty sample
    }

    @Test
    void keysetOnlyForKeysThatCompareAsTheyOrder() {
        ColumnInfo name = new ColumnInfo("n", "varchar", "varchar(10)", "utf8mb4", "utf8mb4_0900_ai_ci", false, ValueKind.TEXT);
        ColumnInfo e = new ColumnInfo("e", "enum", "enum('a','b')", "utf8mb4", "utf8mb4_0900_ai_ci", false, ValueKind.TEXT);
        ColumnInfo f = new ColumnInfo("f", "double", "double", null, null, false, ValueKind.NUMBER);
        assertThat(ChunkPlanner.keysetUsable(List.of(name, ID))).isTrue();
        assertThat(ChunkPlanner.keysetUsable(List.of(e))).isFalse();
        assertThat(ChunkPlanner.keysetUsable(List.of(f))).isFalse();
        assertThat(ChunkPlanner.keysetUsable(List.of())).isFalse();
    }
}
