package dev.snapshift.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarningJudgeTest {
    static final ColumnInfo A =
            new ColumnInfo("a", "int", "int", null, null, false, ValueKind.NUMBER);
    static final ColumnInfo VIRTUAL =
            new ColumnInfo(
                    "v'g",
                    "int",
                    "int",
                    null,
                    null,
                    true,
                    ValueKind.NUMBER,
                    false,
                    true,
                    "`a` * 1000000");
    static final ColumnInfo STORED =
            new ColumnInfo(
                    "s",
                    "int",
                    "int",
                    null,
                    null,
                    true,
                    ValueKind.NUMBER,
                    false,
                    false,
                    "`a` * 1000000");
    static final TableInfo TABLE =
            new TableInfo(
                    "db", "t", "InnoDB", 1, 1, List.of(A, VIRTUAL, STORED), List.of(A), "PRIMARY");

    static WarningJudge.Warning w(int code, String message) {
        return new WarningJudge.Warning(code, message);
    }

    @Test
    void aValueWarningOnAVirtualColumnChangesNothingStored() {
        WarningJudge.Verdict v =
                WarningJudge.judge(
                        TABLE,
                        List.of(
                                w(1264, "Out of range value for column 'v'g' at row 1"),
                                w(1264, "Out of range value for column `db`.`t`.`v'g` at row 7")),
                        2);
        assertThat(v.rejected()).isNull();
        assertThat(v.accepted()).hasSize(2).allMatch(s -> s.contains("VIRTUAL column v'g"));
    }

    @Test
    void anythingElseFailsTheChunk() {
        assertThat(
                        WarningJudge.judge(
                                        TABLE,
                                        List.of(
                                                w(
                                                        1264,
                                                        "Out of range value for column 's' at row 1")),
                                        1)
                                .rejected())
                .isEqualTo("[1264] Out of range value for column 's' at row 1");
        assertThat(
                        WarningJudge.judge(
                                        TABLE,
                                        List.of(w(1265, "Data truncated for column 'a' at row 2")),
                                        1)
                                .rejected())
                .contains("1265");
        assertThat(
                        WarningJudge.judge(
                                        TABLE,
                                        List.of(w(1062, "Duplicate entry '1' for key 'PRIMARY'")),
                                        1)
                                .rejected())
                .contains("1062");
        assertThat(
                        WarningJudge.judge(
                                        TABLE, List.of(w(1048, "Column 'v'g' cannot be null")), 1)
                                .rejected())
                .contains("1048");
    }

    @Test
    void anEnumSetToIndexZeroOnPurposeMayWarnOnThatColumnOnly() {
        ColumnInfo e =
                new ColumnInfo(
                        "e",
                        "enum",
                        "enum('é')",
                        "utf16",
                        "utf16_general_ci",
                        false,
                        ValueKind.TEXT);
        TableInfo t =
                new TableInfo(
                        "db", "t", "InnoDB", 1, 1, List.of(A, e, VIRTUAL), List.of(A), "PRIMARY");
        assertThat(
                        WarningJudge.judge(
                                        t,
                                        List.of(
                                                w(1265, "Data truncated for column 'e' at row 1"),
                                                w(
                                                        1264,
                                                        "Out of range value for column 'v'g' at row 1")),
                                        2,
                                        "e")
                                .rejected())
                .isNull();
        assertThat(
                        WarningJudge.judge(
                                        t,
                                        List.of(w(1265, "Data truncated for column 'e' at row 1")),
                                        1,
                                        null)
                                .rejected())
                .contains("1265");
        assertThat(
                        WarningJudge.judge(
                                        t,
                                        List.of(
                                                w(
                                                        1366,
                                                        "Incorrect string value for column 'e' at row 1")),
                                        1,
                                        "e")
                                .rejected())
                .contains("1366");
    }

    @Test
    void warningsNotAllSeenFailTheChunk() {
        WarningJudge.Verdict v =
                WarningJudge.judge(
                        TABLE,
                        List.of(w(1264, "Out of range value for column 'v'g' at row 1")),
                        70000);
        assertThat(v.rejected()).startsWith("70000 warnings, of which only 1");
        assertThat(WarningJudge.judge(TABLE, List.of(), 0).rejected()).isNull();
    }
}
