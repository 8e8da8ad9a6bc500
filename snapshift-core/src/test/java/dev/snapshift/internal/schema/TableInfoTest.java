package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableInfoTest {
    private static final ColumnInfo ID =
            new ColumnInfo("id", "int", "int", null, null, false, ValueKind.NUMBER);
    private static final ColumnInfo V =
            new ColumnInfo("v", "varchar", "varchar(10)", null, null, false, ValueKind.TEXT);

    private static TableInfo table(String database, String name, List<ColumnInfo> columns) {
        return new TableInfo(database, name, "InnoDB", 1, 1, columns, List.of(ID), "PRIMARY");
    }

    @Test
    void equalTablesHashAlikeAndTablesOfOneNameWithOtherColumnsStayDistinctKeys() {
        TableInfo t = table("d", "t", List.of(ID, V));
        TableInfo same = table("d", "t", List.of(ID, V));
        TableInfo otherColumns = table("d", "t", List.of(ID));

        assertThat(same).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(otherColumns).isNotEqualTo(t);

        Map<TableInfo, String> map = new HashMap<>();
        map.put(t, "two columns");
        map.put(otherColumns, "one column");
        assertThat(map).hasSize(2);
        assertThat(map.get(same)).isEqualTo("two columns");
        assertThat(map.get(table("d", "t", List.of(ID)))).isEqualTo("one column");
        assertThat(map.get(table("d", "u", List.of(ID, V)))).isNull();
        assertThat(map.get(table("e", "t", List.of(ID, V)))).isNull();
    }
}
