package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlKeyIndexTest {
    @Test
    void keysAreReadInOrderBetweenIntegerLiterals() {
        assertThat(SqlKeyIndex.keysSql("`d`.`t`", "`id`", KeyRange.of(-3, 7), 65_537))
                .isEqualTo(
                        "SELECT `id` FROM `d`.`t` WHERE `id` >= -3 AND `id` <= 7 ORDER BY `id` LIMIT 65537");
    }

    @Test
    void boundsAreTwoIndexDives() {
        assertThat(SqlKeyIndex.boundsSql("`d`.`t`", "`id`"))
                .isEqualTo("SELECT MIN(`id`), MAX(`id`) FROM `d`.`t`");
    }

    @Test
    void aProbeIsOneStatementOfBoundedReadsBetweenIntegerLiterals() {
        List<KeyRange> ranges =
                List.of(
                        new KeyRange(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(-1)),
                        new KeyRange(BigInteger.ZERO, new BigInteger("18446744073709551615")));
        assertThat(SqlKeyIndex.probeSql("`d`.`t`", "`k``ey`", ranges, 64))
                .isEqualTo(
                        "SELECT 0, COUNT(*), MIN(r.k), MAX(r.k), (SELECT MAX(`k``ey`) FROM `d`.`t`"
                                + " WHERE `k``ey` >= -9223372036854775808 AND `k``ey` <= -1)"
                                + " FROM (SELECT `k``ey` AS k FROM `d`.`t` WHERE `k``ey` >= -9223372036854775808"
                                + " AND `k``ey` <= -1 ORDER BY `k``ey` LIMIT 64) r"
                                + " UNION ALL SELECT 1, COUNT(*), MIN(r.k), MAX(r.k), (SELECT MAX(`k``ey`) FROM `d`.`t`"
                                + " WHERE `k``ey` >= 0 AND `k``ey` <= 18446744073709551615)"
                                + " FROM (SELECT `k``ey` AS k FROM `d`.`t` WHERE `k``ey` >= 0"
                                + " AND `k``ey` <= 18446744073709551615 ORDER BY `k``ey` LIMIT 64) r");
    }
}
