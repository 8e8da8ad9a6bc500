package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnumValuesTest {
    static ColumnInfo column(String type) {
        String dataType = type.substring(0, type.indexOf('('));
        return new ColumnInfo(
                "c", dataType, type, "utf8mb4", "utf8mb4_general_ci", false, ValueKind.TEXT);
    }

    @Test
    void membersAsColumnTypeWritesThem() {
        assertThat(EnumValues.members(column("enum('a''b','c\\\\d','x,y','','é')")))
                .containsExactly("a'b", "c\\d", "x,y", "", "é");
        assertThat(EnumValues.members(column("set('p','','q')"))).containsExactly("p", "", "q");
        assertThat(
                        EnumValues.members(
                                new ColumnInfo(
                                        "c",
                                        "varchar",
                                        "varchar(3)",
                                        "utf8mb4",
                                        null,
                                        false,
                                        ValueKind.TEXT)))
                .isEmpty();
    }

    @Test
    void errorValueIsDigitsNoMemberEquals() {
        assertThat(EnumValues.errorValueText(column("enum('a','b')"))).isEqualTo("0");
        assertThat(EnumValues.errorValueText(column("enum('0','1','00 ')"))).isEqualTo("000");
        // a fullwidth zero may compare equal to '0'
        assertThat(EnumValues.errorValueText(column("enum('０')"))).isEqualTo("00");
        assertThat(EnumValues.errorValueText(column("enum('','a')")))
                .isNull(); // ambiguous: set by key after the copy
        assertThat(EnumValues.errorValueText(column("set('a','b')"))).isNull();
    }

    @Test
    void enumsInWideCharacterSetsAreSetByKey() {
        ColumnInfo utf16 =
                new ColumnInfo(
                        "c",
                        "enum",
                        "enum('é','ü')",
                        "utf16",
                        "utf16_general_ci",
                        false,
                        ValueKind.TEXT);
        assertThat(EnumValues.errorValueText(utf16))
                .isNull(); // digits would warn, and fail a strict INSERT
        assertThat(EnumValues.placeholder(utf16)).isEqualTo("é");
        assertThat(EnumValues.setByKey(utf16)).isTrue();
        assertThat(EnumValues.setByKey(column("enum('a','b')"))).isFalse();
        assertThat(EnumValues.setByKey(column("enum('','b')"))).isTrue();
        assertThat(EnumValues.setByKey(column("set('','b')"))).isTrue();
        assertThat(EnumValues.placeholder(column("enum('a','b')"))).isNull();
    }

    @Test
    void ambiguousColumns() {
        assertThat(EnumValues.declaresEmpty(column("enum('','a')"))).isTrue();
        assertThat(EnumValues.declaresEmpty(column("enum('a')"))).isFalse();
        assertThat(EnumValues.emptyMemberPosition(column("set('p','','q')"))).isEqualTo(2);
        assertThat(EnumValues.emptyMemberPosition(column("set('p','q')"))).isZero();
    }
}
