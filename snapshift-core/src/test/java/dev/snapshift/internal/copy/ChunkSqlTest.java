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
}
