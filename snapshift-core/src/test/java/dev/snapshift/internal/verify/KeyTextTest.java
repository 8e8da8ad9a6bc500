package dev.snapshift.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.schema.ColumnInfo;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTextTest {
    static final ColumnInfo ID = DigestSqlTest.col("id", "bigint", "bigint", null);
    static final ColumnInfo NAME = DigestSqlTest.col("name", "varchar", "varchar(9)", "utf8mb4");
    static final ColumnInfo BIN = DigestSqlTest.col("h", "varbinary", "varbinary(9)", null);
    static final ColumnInfo AT = DigestSqlTest.col("at", "datetime", "datetime", null);

    @Test
    void aSingleColumnKey() {
        assertThat(KeyText.key(List.of(ID), List.of("42"))).isEqualTo("id=42");
        assertThat(KeyText.key(List.of(NAME), List.of("O'Brien"))).isEqualTo("name='O''Brien'");
        assertThat(KeyText.key(List.of(BIN), List.of("0x00FF"))).isEqualTo("h=0x00FF");
    }

    @Test
    void aCompositeKey() {
        assertThat(KeyText.key(List.of(NAME, ID, AT), List.of("x", "-7", "2024-02-29 12:00:00")))
                .isEqualTo("(name, id, at)=('x', -7, '2024-02-29 12:00:00')");
    }

    @Test
    void aRowOfATableWithoutKeyAndOddValues() {
        assertThat(KeyText.row(List.of(ID, NAME), Arrays.asList(null, "tab\there\n")))
                .isEqualTo("row (NULL, 'tab\\there\\n')");
        assertThat(KeyText.value(NAME, "x".repeat(60))).isEqualTo("'" + "x".repeat(48) + "...'");
        assertThat(KeyText.value(NAME, "a\u0001")).isEqualTo("'a\\x01'");
    }
}
