package dev.snapshift.internal.resume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import dev.snapshift.internal.state.ChunkLog;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeptChunksTest {
    static final ColumnInfo ID =
            new ColumnInfo("id", "bigint", "bigint", null, null, false, ValueKind.NUMBER);
    static final TableInfo T =
            new TableInfo("d", "t", "InnoDB", 100, 10_000, List.of(ID), List.of(ID), "PRIMARY");
    static final TableInfo K =
            new TableInfo("d", "k", "InnoDB", 100, 10_000, List.of(ID), List.of(ID), "PRIMARY");
    static final BinlogCoordinates P1 = new BinlogCoordinates("binlog.000003", 4711, "");
    static final BinlogCoordinates P2 = new BinlogCoordinates("binlog.000003", 9999, "");

    static ChunkLog.Entry range(BinlogCoordinates at, long lo, long hi) {
        return new ChunkLog.Entry(at, "d", "t", "RANGE", "" + lo, "" + hi, hi - lo + 1);
    }

    static Chunk chunk(TableInfo t, long lo, long hi) {
        return new Chunk(t, 0, 1, Chunk.Mode.RANGE, "" + lo, "" + hi, 10);
    }

    static List<String> bounds(List<Chunk> cs) {
        return cs.stream()
                .map(
                        c ->
                                c.table().name()
                                        + (c.mode() == Chunk.Mode.RANGE
                                                ? "[" + c.lower() + ".." + c.upper() + "]"
                                                : " " + c.mode())
                                        + " "
                                        + (c.index() + 1)
                                        + "/"
                                        + c.of())
                .toList();
    }

    @Test
    void onlyChunksOfThePointInTimeAndOfKnownTablesAreKept() {
        KeptChunks k =
                KeptChunks.of(
                        List.of(
                                range(P1, 1, 10),
                                range(P2, 11, 20),
                                new ChunkLog.Entry(P1, "d", "gone", "WHOLE", null, null, 5)),
                        P1,
                        List.of(T));
        assertThat(k.chunks()).isEqualTo(1);
        assertThat(k.rows()).isEqualTo(10);
        assertThat(k.keeps("d", "t", BigInteger.valueOf(10))).isTrue();
        assertThat(k.keeps("d", "t", BigInteger.valueOf(11))).isFalse();
        assertThat(k.keeps("d", "gone", BigInteger.ONE)).isFalse();
    }

    @Test
    void touchingRangesMergeAndGapsAreTheComplement() {
        KeptChunks k =
                KeptChunks.of(
                        List.of(range(P1, 21, 30), range(P1, 1, 10), range(P1, 11, 15)),
                        P1,
                        List.of(T, K));
        assertThat(k.gaps("d", "t"))
                .extracting(g -> g[0] + ".." + g[1])
                .containsExactly("null..0", "16..20", "31..null");
        assertThat(k.gaps("d", "k"))
                .extracting(g -> g[0] + ".." + g[1])
                .containsExactly("null..null");
        assertThat(k.keeps("d", "t", BigInteger.valueOf(15))).isTrue();
        assertThat(k.keeps("d", "t", BigInteger.valueOf(16))).isFalse();
        assertThat(k.keeps("d", "t", BigInteger.valueOf(-5))).isFalse();
    }

    @Test
    void missingChunksAreTheNewPlanCutAroundTheKeptRanges() {
        KeptChunks k =
                KeptChunks.of(List.of(range(P1, 1, 10), range(P1, 21, 30)), P1, List.of(T, K));
        List<Chunk> plan =
                List.of(
                        chunk(T, -5, 12), // new rows below the old minimum, and a gap
                        chunk(T, 13, 25),
                        chunk(T, 26, 30), // kept whole
                        chunk(T, 31, 90), // new rows above the old maximum
                        chunk(K, 1, 50));
        assertThat(bounds(k.missing(plan)))
                .containsExactly(
                        "t[-5..0] 1/4",
                        "t[11..12] 2/4",
                        "t[13..20] 3/4",
                        "t[31..90] 4/4",
                        "k[1..50] 1/1");
    }

    @Test
    void aTableKeptWholeHasNothingMissingNorAnyGap() {
        KeptChunks k =
                KeptChunks.of(
                        List.of(new ChunkLog.Entry(P1, "d", "k", "KEYSET", null, null, 100)),
                        P1,
                        List.of(T, K));
        assertThat(k.whole("d", "k")).isTrue();
        assertThat(k.gaps("d", "k")).isEmpty();
        assertThat(k.missing(List.of(new Chunk(K, 0, 1, Chunk.Mode.KEYSET, null, null, 10))))
                .isEmpty();
        assertThat(Leftovers.statements(K, k)).isEmpty();
        assertThat(Leftovers.statements(T, k)).containsExactly("DELETE FROM `d`.`t`");
    }

    @Test
    void leftoversAreDeletedByKeyRangeOutsideTheKeptChunks() {
        KeptChunks k = KeptChunks.of(List.of(range(P1, 1, 10), range(P1, 21, 30)), P1, List.of(T));
        assertThat(Leftovers.statements(T, k))
                .containsExactly(
                        "DELETE FROM `d`.`t` WHERE `id` <= 0",
                        "DELETE FROM `d`.`t` WHERE `id` BETWEEN 11 AND 20",
                        "DELETE FROM `d`.`t` WHERE `id` >= 31");
        assertThat(Leftovers.chunk(chunk(T, 5, 9)))
                .isEqualTo("DELETE FROM `d`.`t` WHERE `id` BETWEEN 5 AND 9");
    }

    @Test
    void subtractHandlesEveryOverlap() {
        List<BigInteger[]> kept =
                KeptChunks.merge(
                        List.of(
                                new BigInteger[] {BigInteger.valueOf(10), BigInteger.valueOf(20)},
                                new BigInteger[] {BigInteger.valueOf(30), BigInteger.valueOf(40)}));
        assertThat(KeptChunks.subtract(BigInteger.valueOf(12), BigInteger.valueOf(18), kept))
                .isEmpty();
        assertThat(KeptChunks.subtract(BigInteger.valueOf(0), BigInteger.valueOf(50), kept))
                .extracting(g -> g[0] + ".." + g[1])
                .containsExactly("0..9", "21..29", "41..50");
        assertThat(KeptChunks.subtract(BigInteger.valueOf(15), BigInteger.valueOf(35), kept))
                .extracting(g -> g[0] + ".." + g[1])
                .containsExactly("21..29");
        assertThat(KeptChunks.subtract(BigInteger.valueOf(41), BigInteger.valueOf(45), kept))
                .extracting(g -> g[0] + ".." + g[1])
                .containsExactly("41..45");
    }
}
