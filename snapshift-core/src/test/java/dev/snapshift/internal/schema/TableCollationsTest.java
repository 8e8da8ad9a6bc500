package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableCollationsTest {
    static final Map<String, String> MYSQL_80 =
            Map.of(
                    "utf8mb4",
                    "utf8mb4_0900_ai_ci",
                    "latin1",
                    "latin1_swedish_ci",
                    "utf8mb3",
                    "utf8mb3_general_ci");

    static ColumnInfo col(String name, String charset, String collation) {
        return new ColumnInfo(
                name, "varchar", "varchar(10)", charset, collation, false, ValueKind.TEXT);
    }

    @Test
    void mysql57Utf8mb4KeepsGeneralCiOnMysql80() {
        String ddl =
                String.join(
                        "\n",
                        "CREATE TABLE `t` (",
                        "  `id` int(11) NOT NULL,",
                        "  `a` varchar(10) NOT NULL,",
                        "  `b` varchar(10) CHARACTER SET utf8mb4 DEFAULT NULL,",
                        "  `c` varchar(10) CHARACTER SET latin1 DEFAULT 'CHARACTER SET x',",
                        "  `d` enum('a','b c') CHARACTER SET utf8mb4 NOT NULL,",
                        "  PRIMARY KEY (`id`)",
                        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        String pinned =
                TableCollations.pin(
                        ddl,
                        "utf8mb4_general_ci",
                        List.of(
                                col("a", "utf8mb4", "utf8mb4_general_ci"),
                                col("b", "utf8mb4", "utf8mb4_general_ci"),
                                col("c", "latin1", "latin1_swedish_ci"),
                                col("d", "utf8mb4", "utf8mb4_general_ci")),
                        MYSQL_80);
        assertThat(pinned)
                .isEqualTo(
                        String.join(
                                "\n",
                                "CREATE TABLE `t` (",
                                "  `id` int(11) NOT NULL,",
                                "  `a` varchar(10) NOT NULL,",
                                "  `b` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL,",
                                "  `c` varchar(10) CHARACTER SET latin1 DEFAULT 'CHARACTER SET x',",
                                "  `d` enum('a','b c') CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,",
                                "  PRIMARY KEY (`id`)",
                                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"));
    }

    @Test
    void mysql80InheritedCollationIsLeftToInherit() {
        String ddl =
                String.join(
                        "\n",
                        "CREATE TABLE `t` (",
                        "  `v` varchar(10) COLLATE utf8mb4_general_ci DEFAULT NULL,",
                        "  `w` varchar(10) COLLATE utf8mb4_bin DEFAULT NULL,",
                        "  `x` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL",
                        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
        assertThat(
                        TableCollations.pin(
                                ddl,
                                "utf8mb4_general_ci",
                                List.of(
                                        col("v", "utf8mb4", "utf8mb4_general_ci"),
                                        col("w", "utf8mb4", "utf8mb4_bin"),
                                        col("x", "utf8mb4", "utf8mb4_general_ci")),
                                MYSQL_80))
                .isEqualTo(
                        String.join(
                                "\n",
                                "CREATE TABLE `t` (",
                                "  `v` varchar(10) DEFAULT NULL,",
                                "  `w` varchar(10) COLLATE utf8mb4_bin DEFAULT NULL,",
                                "  `x` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL",
                                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"));
    }

    @Test
    void whatAlreadyMeansTheSameIsLeftAlone() {
        String ddl =
                String.join(
                        "\n",
                        "CREATE TABLE `t` (",
                        "  `c` varchar(10) CHARACTER SET latin1 DEFAULT NULL",
                        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
        assertThat(
                        TableCollations.pin(
                                ddl,
                                "utf8mb4_0900_ai_ci",
                                List.of(col("c", "latin1", "latin1_swedish_ci")),
                                MYSQL_80))
                .isEqualTo(ddl);
        assertThat(TableCollations.pin(ddl, null, List.of(), MYSQL_80)).isEqualTo(ddl);
        String sequence =
                "CREATE SEQUENCE `s` start with 1 minvalue 1 maxvalue 9223372036854775806 increment by 1"
                        + " cache 1000"
                        + " nocycle ENGINE=InnoDB";
        assertThat(TableCollations.pin(sequence, "latin1_swedish_ci", List.of(), MYSQL_80))
                .isEqualTo(sequence);
    }
}
