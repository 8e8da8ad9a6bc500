package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.api.Transformation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableShaperTest {
    @Test
    void ariaBecomesInnodbWithoutItsOwnOptions() {
        assertThat(
                        TableShaper.withEngine(
                                "CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n) ENGINE=Aria DEFAULT CHARSET=latin1"
                                        + " PAGE_CHECKSUM=1 ROW_FORMAT=PAGE TRANSACTIONAL=1",
                                "InnoDB"))
                .isEqualTo(
                        "CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=latin1");
        assertThat(
                        TableShaper.withEngine(
                                "CREATE TABLE `t` (`id` int) ENGINE=MyISAM ROW_FORMAT=DYNAMIC",
                                "InnoDB"))
                .isEqualTo("CREATE TABLE `t` (`id` int) ENGINE=InnoDB ROW_FORMAT=DYNAMIC");
    }

    @Test
    void theInvisibleKeyComesFirstLikeMySqlsOwn() {
        assertThat(
                        TableShaper.withInvisiblePrimaryKey(
                                "CREATE TABLE `t` (\n  `a` int NOT NULL,\n  KEY `a` (`a`)\n) ENGINE=InnoDB"))
                .isEqualTo(
                        "CREATE TABLE `t` (\n  `my_row_id` bigint unsigned NOT NULL AUTO_INCREMENT /*!80023 INVISIBLE */,\n"
                                + "  `a` int NOT NULL,\n  KEY `a` (`a`),\n  PRIMARY KEY (`my_row_id`)\n) ENGINE=InnoDB");
    }

    @Test
    void onlyCollationsTheTargetLacksAreMappedAndEachIsReported() {
        List<Transformation> seen = new ArrayList<>();
        TableShaper shaper =
                new TableShaper(
                        new TargetOptions(
                                DefinerPolicy.AUTO,
                                false,
                                false,
                                Map.of("latin1_custom_ci", "latin1_swedish_ci"),
                                null,
                                List.of(),
                                List.of()),
                        false,
                        Set.of("utf8mb4_0900_ai_ci", "utf8mb4_bin", "latin1_swedish_ci"),
                        seen::add);
        String out =
                shaper.mapCollations(
                        "CREATE TABLE t (a text COLLATE utf8mb4_uca1400_ai_ci, b text COLLATE utf8mb4_bin,"
                                + " c text COLLATE latin1_custom_ci) COLLATE=utf8mb4_uca1400_ai_ci",
                        "db.t");
        assertThat(out)
                .isEqualTo(
                        "CREATE TABLE t (a text COLLATE utf8mb4_0900_ai_ci, b text COLLATE utf8mb4_bin,"
                                + " c text COLLATE latin1_swedish_ci) COLLATE=utf8mb4_0900_ai_ci");
        assertThat(seen)
                .extracting(Transformation::describe)
                .containsExactly(
                        "collation of db.t: utf8mb4_uca1400_ai_ci -> utf8mb4_0900_ai_ci (the target has no utf8mb4_uca1400_ai_ci)",
                        "collation of db.t: latin1_custom_ci -> latin1_swedish_ci (--collation-map)",
                        "collation of db.t: utf8mb4_uca1400_ai_ci -> utf8mb4_0900_ai_ci (the target has no utf8mb4_uca1400_ai_ci)");
    }
}
