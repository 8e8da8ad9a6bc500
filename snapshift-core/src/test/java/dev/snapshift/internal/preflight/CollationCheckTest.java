package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CollationCheckTest {
    private static final Set<String> MARIADB =
            Set.of(
                    "utf8mb4_bin",
                    "utf8mb4_general_ci",
                    "utf8mb4_unicode_520_ci",
                    "utf8mb4_uca1400_ai_ci",
                    "utf8mb4_uca1400_as_ci",
                    "utf8mb4_uca1400_as_cs",
                    "utf8mb4_nopad_bin");

    @Test
    void theTargetCollationItselfWhenTheSourceKnowsIt() {
        assertThat(CollationCheck.probe("utf8mb4_bin", MARIADB)).isEqualTo("utf8mb4_bin");
        assertThat(CollationCheck.probe("UTF8MB4_UNICODE_520_CI", MARIADB))
                .isEqualTo("utf8mb4_unicode_520_ci");
    }

    @Test
    void elseTheSourcesCollationOfTheSameSensitivity() {
        assertThat(CollationCheck.probe("utf8mb4_0900_ai_ci", MARIADB))
                .isEqualTo("utf8mb4_uca1400_ai_ci");
        assertThat(CollationCheck.probe("utf8mb4_0900_as_cs", MARIADB))
                .isEqualTo("utf8mb4_uca1400_as_cs");
        assertThat(CollationCheck.probe("utf8mb4_0900_as_ci", MARIADB))
                .isEqualTo("utf8mb4_uca1400_as_ci");
        assertThat(CollationCheck.probe("utf8mb4_0900_ai_ci", Set.of("utf8mb4_general_ci")))
                .isEqualTo("utf8mb4_general_ci");
    }

    @Test
    void noneWhenTheSourceHasNothingOfThatCharacterSet() {
        assertThat(CollationCheck.probe("utf16_0900_ai_ci", MARIADB)).isNull();
        assertThat(CollationCheck.probe("binary", MARIADB)).isNull();
    }
}
