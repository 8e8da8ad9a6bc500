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

class ValueEncoderTest {
    static ColumnInfo col(String name, String type, String charset) {
        return new ColumnInfo(
                name,
                type,
                type,
                charset,
                charset == null ? null : charset + "_bin",
                false,
                ValueKind.of(type, charset));
    }

    static String enc(ColumnInfo c, byte[] v) {
        StringBuilder sb = new StringBuilder();
        ValueEncoder.append(sb, c, v);
        return sb.toString();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void kinds() {
        assertThat(ValueKind.of("int", null)).isEqualTo(ValueKind.NUMBER);
        assertThat(ValueKind.of("decimal", null)).isEqualTo(ValueKind.NUMBER);
        assertThat(ValueKind.of("bit", null)).isEqualTo(ValueKind.BIT);
        assertThat(ValueKind.of("timestamp", null)).isEqualTo(ValueKind.TEMPORAL);
        assertThat(ValueKind.of("varchar", "latin1")).isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of("varchar", "binary")).isEqualTo(ValueKind.BYTES);
        assertThat(ValueKind.of("json", null)).isEqualTo(ValueKind.JSON);
        assertThat(ValueKind.of("longtext", "utf8mb4")).isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of("point", null)).isEqualTo(ValueKind.BYTES);
        assertThat(ValueKind.of("enum", "utf8mb4")).isEqualTo(ValueKind.TEXT);
    }

    @Test
    void floatingPointTextIsWrittenAsAFloatingPointLiteralSoMinusZeroKeepsItsSign() {
        assertThat(enc(col("a", "double", null), b("-0"))).isEqualTo("-0e0");
        assertThat(enc(col("a", "float", null), b("0.10000000149011612")))
                .isEqualTo("0.10000000149011612e0");
        assertThat(enc(col("a", "double", null), b("5e-324"))).isEqualTo("5e-324");
        assertThat(enc(col("a", "decimal", null), b("-0.50"))).isEqualTo("-0.50");
        assertThat(enc(col("a", "int", null), b("-0"))).isEqualTo("-0");
    }

    @Test
    void literals() {
        assertThat(enc(col("a", "int", null), null)).isEqualTo("NULL");
        assertThat(enc(col("a", "bigint", null), b("-9223372036854775808")))
                .isEqualTo("-9223372036854775808");
        assertThat(enc(col("a", "double", null), b("1.7976931348623157e308")))
                .isEqualTo("1.7976931348623157e308");
        assertThat(enc(col("a", "datetime", null), b("0000-00-00 00:00:00")))
                .isEqualTo("'0000-00-00 00:00:00'");
        assertThat(enc(col("a", "time", null), b("-838:59:59.000000")))
                .isEqualTo("'-838:59:59.000000'");
        assertThat(enc(col("a", "bit", null), new byte[] {0x01, (byte) 0xFF})).isEqualTo("0x01FF");
        assertThat(enc(col("a", "varchar", "utf8mb4"), b("a'\\"))).isEqualTo("_utf8mb4 X'61275C'");
        assertThat(enc(col("a", "varchar", "utf8mb4"), new byte[0])).isEqualTo("_utf8mb4 X''");
        assertThat(enc(col("a", "blob", null), new byte[] {0, 92})).isEqualTo("_binary X'005C'");
        assertThat(enc(col("a", "json", null), b("{}"))).isEqualTo("_utf8mb4 X'7B7D'");
    }

    @Test
    void refusesUnexpectedTextInNumbers() {
        assertThatThrownBy(() -> enc(col("a", "int", null), b("1); DROP TABLE x; --")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> enc(col("a", "date", null), b("2020-01-01'")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void chunkSelects() {
        ColumnInfo id = col("id", "int", null);
        ColumnInfo name = col("na`me", "varchar", "utf8mb4");
        ColumnInfo gen = new ColumnInfo("g", "int", "int", null, null, true, ValueKind.NUMBER);
        TableInfo t =
                new TableInfo(
                        "d b",
                        "t",
                        "InnoDB",
                        10,
                        100,
                        List.of(id, name, gen),
                        List.of(id),
                        "PRIMARY");
        Chunk range = new Chunk(t, 0, 2, Chunk.Mode.RANGE, "-5", "100", 1000);
        assertThat(ChunkSql.select(range, null))
                .isEqualTo(
                        "SELECT `id`, `na``me` FROM `d b`.`t` WHERE `id` >= -5 AND `id` <= 100 ORDER BY `id` LIMIT 1000");
        assertThat(ChunkSql.insertPrefix(t))
                .isEqualTo("INSERT INTO `d b`.`t` (`id`, `na``me`) VALUES ");
        TableInfo composite =
                new TableInfo(
                        "d",
                        "t",
                        "InnoDB",
                        10,
                        100,
                        List.of(id, name),
                        List.of(name, id),
                        "PRIMARY");
        Chunk keyset = new Chunk(composite, 0, 1, Chunk.Mode.KEYSET, null, null, 50);
        assertThat(ChunkSql.select(keyset, null))
                .isEqualTo("SELECT `id`, `na``me` FROM `d`.`t` ORDER BY `na``me`, `id` LIMIT 50");
        assertThat(ChunkSql.select(keyset, new byte[][] {b("x"), b("7")}))
                .isEqualTo(
                        "SELECT `id`, `na``me` FROM `d`.`t` WHERE (`na``me` > _utf8mb4 X'78' COLLATE utf8mb4_bin)"
                                + " OR (`na``me` = _utf8mb4 X'78' COLLATE utf8mb4_bin AND `id` > 7) ORDER BY `na``me`, `id` LIMIT 50");
        Chunk whole = new Chunk(t, 0, 1, Chunk.Mode.WHOLE, null, null, 1000);
        assertThat(ChunkSql.select(whole, null)).isEqualTo("SELECT `id`, `na``me` FROM `d b`.`t`");
    }
}
