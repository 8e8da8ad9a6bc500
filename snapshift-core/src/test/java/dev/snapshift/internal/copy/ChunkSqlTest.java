package dev.snapshift.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkSqlTest {
    static final ColumnInfo ID =
            new ColumnInfo("id", "bigint", "bigint unsigned", null, null, false, ValueKind.NUMBER);
    static final TableInfo T =
            new TableInfo("d", "t", "InnoDB", 10, 100, List.of(ID), List.of(ID), "PRIMARY");

    static byte[][] key(String k) {
        return new byte[][] {k.getBytes(StandardCharsets.US_ASCII)};
    }

    @Test
    void aRangeIsReadInPagesAfterTheLastKeyCommitted() {
        Chunk range = new Chunk(T, 3, 9, Chunk.Mode.RANGE, "0", "18446744073709551615", 500);
        assertThat(ChunkSql.select(range, null))
                .isEqualTo(
                        "SELECT `id` FROM `d`.`t` WHERE `id` >= 0 AND `id` <= 18446744073709551615 ORDER BY `id` LIMIT 500");
        assertThat(ChunkSql.select(range, key("9000000000000000000")))
                .isEqualTo(
                        "SELECT `id` FROM `d`.`t` WHERE `id` > 9000000000000000000 AND `id` <= 18446744073709551615 ORDER BY `id` LIMIT 500");
        Chunk negative = new Chunk(T, 0, 1, Chunk.Mode.RANGE, "-9223372036854775808", "-1", 7);
        assertThat(ChunkSql.select(negative, key("-42")))
                .isEqualTo(
                        "SELECT `id` FROM `d`.`t` WHERE `id` > -42 AND `id` <= -1 ORDER BY `id` LIMIT 7");
    }

    @Test
    void aKeyColumnIsReadOnceAndFoundByItsName() {
        ColumnInfo g = new ColumnInfo("g", "int", "int", null, null, true, ValueKind.NUMBER);
        ColumnInfo v =
                new ColumnInfo(
                        "v", "varchar", "varchar(5)", "utf8mb4", null, false, ValueKind.TEXT);
        // the key: a copied column, and a generated one the copy writes no value to
        TableInfo t =
                new TableInfo("d", "t", "InnoDB", 10, 100, List.of(ID, v, g), List.of(g, ID), "k");
        List<ColumnInfo> read = ChunkSql.readColumns(t);
        assertThat(read).extracting(ColumnInfo::name).containsExactly("id", "v", "g");
        assertThat(ChunkSql.position(read, g)).isEqualTo(2);
        assertThat(ChunkSql.position(read, ID)).isZero();
        assertThat(
                        ChunkSql.position(
                                read,
                                new ColumnInfo(
                                        "w", "int", "int", null, null, false, ValueKind.NUMBER)))
                .isEqualTo(-1);
    }

    @Test
    void equalChunksHashAlikeAndDigestsAreEqualByRowsAndSum() {
        Chunk a = new Chunk(T, 2, 9, Chunk.Mode.RANGE, "1", "10", 5);
        Chunk same = new Chunk(T, 2, 9, Chunk.Mode.RANGE, "1", "10", 5);
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a).isNotEqualTo(new Chunk(T, 2, 9, Chunk.Mode.RANGE, "1", "11", 5));
        assertThat(a).isNotEqualTo(new Chunk(T, 3, 9, Chunk.Mode.RANGE, "1", "10", 5));
        PageCheck.Digest d = new PageCheck.Digest(3, java.math.BigInteger.valueOf(42));
        assertThat(d)
                .isEqualTo(new PageCheck.Digest(3, new java.math.BigInteger("42")))
                .hasSameHashCodeAs(new PageCheck.Digest(3, new java.math.BigInteger("42")));
        assertThat(d).isNotEqualTo(new PageCheck.Digest(4, java.math.BigInteger.valueOf(42)));
        assertThat(d).isNotEqualTo(new PageCheck.Digest(3, java.math.BigInteger.valueOf(41)));
        assertThat(d).isNotEqualTo(null).isNotEqualTo("3");
    }

    @Test
    void aResumeKeyMustBeAnInteger() {
        Chunk range = new Chunk(T, 0, 1, Chunk.Mode.RANGE, "1", "10", 5);
        assertThatThrownBy(() -> ChunkSql.select(range, key("1 OR 1=1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullPageOnTheUpperBoundIsTheLast() {
        Chunk range = new Chunk(T, 0, 1, Chunk.Mode.RANGE, "1", "18446744073709551615", 5);
        assertThat(ChunkCopier.reachedUpper(range, key("18446744073709551615"))).isTrue();
        assertThat(ChunkCopier.reachedUpper(range, key("18446744073709551614"))).isFalse();
        assertThat(
                        ChunkCopier.reachedUpper(
                                new Chunk(T, 0, 1, Chunk.Mode.KEYSET, null, null, 5), key("7")))
                .isFalse();
    }

    @Test
    void aFloatIsReadAsItsExactDoubleValue() {
        ColumnInfo f = new ColumnInfo("f", "float", "float", null, null, false, ValueKind.NUMBER);
        ColumnInfo d = new ColumnInfo("d", "double", "double", null, null, false, ValueKind.NUMBER);
        TableInfo t =
                new TableInfo("d", "t", "InnoDB", 1, 1, List.of(ID, f, d), List.of(ID), "PRIMARY");
        assertThat(ChunkSql.select(new Chunk(t, 0, 1, Chunk.Mode.KEYSET, null, null, 9), null))
                .isEqualTo("SELECT `id`, (`f` * 1e0), `d` FROM `d`.`t` ORDER BY `id` LIMIT 9");
    }

    static final ColumnInfo NAME =
            new ColumnInfo(
                    "name",
                    "varchar",
                    "varchar(20)",
                    "utf8mb4",
                    "utf8mb4_0900_ai_ci",
                    false,
                    ValueKind.TEXT);
    static final TableInfo COMPOSITE =
            new TableInfo(
                    "d", "t", "InnoDB", 1, 1, List.of(ID, NAME), List.of(NAME, ID), "PRIMARY");

    @Test
    void aPageRangeCoversItsChunkWithoutGaps() {
        Chunk range = new Chunk(T, 0, 2, Chunk.Mode.RANGE, "1", "1000", 100);
        assertThat(ChunkSql.rangeCondition(PageRange.of(range, null, key("100"))))
                .isEqualTo("((`id` >= 1)) AND ((`id` <= 100))");
        assertThat(ChunkSql.rangeCondition(PageRange.of(range, key("100"), null)))
                .isEqualTo("((`id` > 100)) AND ((`id` <= 1000))");
        assertThat(ChunkSql.deleteRange(PageRange.of(range, key("100"), key("200"))))
                .isEqualTo("DELETE FROM `d`.`t` WHERE ((`id` > 100)) AND ((`id` <= 200))");
        Chunk whole = new Chunk(T, 0, 1, Chunk.Mode.WHOLE, null, null, 100);
        assertThat(ChunkSql.deleteRange(PageRange.of(whole, null, null)))
                .isEqualTo("DELETE FROM `d`.`t`");
    }

    @Test
    void aKeysetPageComparesTheKeyColumnByColumnUnderItsCollation() {
        Chunk keyset = new Chunk(COMPOSITE, 0, 1, Chunk.Mode.KEYSET, null, null, 100);
        byte[][] after = {
            "b".getBytes(StandardCharsets.UTF_8), "7".getBytes(StandardCharsets.US_ASCII)
        };
        byte[][] last = {
            "k".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.US_ASCII)
        };
        assertThat(ChunkSql.rangeCondition(PageRange.of(keyset, after, last)))
                .isEqualTo(
                        "((`name` > _utf8mb4 X'62' COLLATE utf8mb4_0900_ai_ci)"
                                + " OR (`name` = _utf8mb4 X'62' COLLATE utf8mb4_0900_ai_ci AND `id` > 7))"
                                + " AND ((`name` < _utf8mb4 X'6B' COLLATE utf8mb4_0900_ai_ci)"
                                + " OR (`name` = _utf8mb4 X'6B' COLLATE utf8mb4_0900_ai_ci AND `id` <= 2))");
        assertThat(ChunkSql.rangeCondition(PageRange.of(keyset, null, null))).isEqualTo("TRUE");
        assertThat(ChunkSql.rangeCondition(PageRange.of(keyset, null, last)))
                .startsWith("((`name` < ");
    }
}
