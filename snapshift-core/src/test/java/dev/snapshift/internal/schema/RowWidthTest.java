package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowWidthTest {
    private static ColumnInfo column(String dataType, String columnType) {
        return new ColumnInfo("c", dataType, columnType, null, null, false, ValueKind.NUMBER);
    }

    @Test
    void fixedTypesCountTheirSizeAndVariableOnesALengthByte() {
        // sysbench's table: id INT, k INT, c CHAR(120), pad CHAR(60)
        List<ColumnInfo> sbtest =
                List.of(
                        column("int", "int"),
                        column("int", "int"),
                        column("char", "char(120)"),
                        column("char", "char(60)"));
        assertThat(RowWidth.least(sbtest)).isEqualTo(18 + 4 + 4 + 120 + 60);
        assertThat(
                        RowWidth.least(
                                List.of(
                                        column("bigint", "bigint unsigned"),
                                        column("varchar", "varchar(255)"),
                                        column("longblob", "longblob"),
                                        column("decimal", "decimal(10,2)"),
                                        column("bit", "bit(12)"),
                                        column("datetime", "datetime(6)"),
                                        column("enum", "enum('a','b')"))))
                .isEqualTo(18 + 8 + 1 + 1 + 5 + 2 + 5 + 1);
    }

    @Test
    void virtualColumnsTakeNoRoom() {
        ColumnInfo virtual =
                new ColumnInfo(
                        "v",
                        "char",
                        "char(100)",
                        null,
                        null,
                        true,
                        ValueKind.TEXT,
                        false,
                        true,
                        "concat(a)");
        assertThat(RowWidth.least(List.of(column("int", "int"), virtual))).isEqualTo(18 + 4);
    }

    @Test
    void aLaggingDataLengthIsRaisedToTheRowsAndACurrentOneKept() {
        List<ColumnInfo> cols = List.of(column("int", "int"), column("char", "char(200)"));
        // 150,000 rows written, statistics not yet recalculated: one page
        assertThat(RowWidth.dataLength(16384, 150_000, cols)).isEqualTo(150_000L * (18 + 4 + 200));
        // recalculated statistics report more than the least width: kept
        assertThat(RowWidth.dataLength(40_000_000, 150_000, cols)).isEqualTo(40_000_000);
        assertThat(RowWidth.dataLength(16384, 0, cols)).isEqualTo(16384);
        assertThat(RowWidth.dataLength(0, Long.MAX_VALUE / 2, cols)).isEqualTo(Long.MAX_VALUE);
    }
}
