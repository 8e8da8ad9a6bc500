package dev.snapshift.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlModesTest {
    /** What MySQL 8.0 accepts (simple modes and the two combination modes it kept). */
    static final Set<String> MYSQL_80 =
            Set.of(
                    "ALLOW_INVALID_DATES",
                    "ANSI_QUOTES",
                    "ERROR_FOR_DIVISION_BY_ZERO",
                    "HIGH_NOT_PRECEDENCE",
                    "IGNORE_SPACE",
                    "NO_AUTO_VALUE_ON_ZERO",
                    "NO_BACKSLASH_ESCAPES",
                    "NO_DIR_IN_CREATE",
                    "NO_ENGINE_SUBSTITUTION",
                    "NO_UNSIGNED_SUBTRACTION",
                    "NO_ZERO_DATE",
                    "NO_ZERO_IN_DATE",
                    "ONLY_FULL_GROUP_BY",
                    "PAD_CHAR_TO_FULL_LENGTH",
                    "PIPES_AS_CONCAT",
                    "REAL_AS_FLOAT",
                    "STRICT_ALL_TABLES",
                    "STRICT_TRANS_TABLES",
                    "TIME_TRUNCATE_FRACTIONAL",
                    "ANSI",
                    "TRADITIONAL");

    @Test
    void mysql57DefaultLosesNoAutoCreateUserOnly() {
        SqlModes.Translation t =
                SqlModes.translate(
                        "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,"
                                + "NO_ZERO_DATE,"
                                + "ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION",
                        MYSQL_80::contains);
        assertThat(t.to())
                .isEqualTo(
                        "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                                + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION");
        assertThat(t.dropped()).containsExactly("NO_AUTO_CREATE_USER");
        assertThat(t.changed()).isTrue();
    }

    @Test
    void compatibilityModesGoTheirSimpleModesStay() {
        // 5.7 stores MSSQL expanded: the simple modes it stands for remain
        SqlModes.Translation t =
                SqlModes.translate(
                        "PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,MSSQL,NO_KEY_OPTIONS,"
                                + "NO_TABLE_OPTIONS,NO_FIELD_OPTIONS,NO_AUTO_CREATE_USER",
                        MYSQL_80::contains);
        assertThat(t.to()).isEqualTo("PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE");
        assertThat(t.dropped())
                .containsExactly(
                        "MSSQL",
                        "NO_KEY_OPTIONS",
                        "NO_TABLE_OPTIONS",
                        "NO_FIELD_OPTIONS",
                        "NO_AUTO_CREATE_USER");
    }

    @Test
    void mariaDbOnlyModesGoOnMySql() {
        SqlModes.Translation t =
                SqlModes.translate(
                        "STRICT_TRANS_TABLES,EMPTY_STRING_IS_NULL,SIMULTANEOUS_ASSIGNMENT",
                        MYSQL_80::contains);
        assertThat(t.to()).isEqualTo("STRICT_TRANS_TABLES");
        assertThat(t.dropped()).containsExactly("EMPTY_STRING_IS_NULL", "SIMULTANEOUS_ASSIGNMENT");
    }

    @Test
    void aModeTheTargetKnowsIsKeptAsWritten() {
        SqlModes.Translation t =
                SqlModes.translate("ANSI_QUOTES,NO_BACKSLASH_ESCAPES", MYSQL_80::contains);
        assertThat(t.changed()).isFalse();
        assertThat(t.to()).isEqualTo("ANSI_QUOTES,NO_BACKSLASH_ESCAPES");
        assertThat(SqlModes.translate("", m -> false).to()).isEmpty();
        assertThat(SqlModes.translate(null, m -> false).to()).isEmpty();
    }
}
