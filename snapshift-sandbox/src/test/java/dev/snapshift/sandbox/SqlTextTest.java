package dev.snapshift.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void literalsEscapeQuotesAndBackslashes() {
        assertThat(SqlText.literal("it's a \\ test")).isEqualTo("'it''s a \\\\ test'");
    }

    @Test
    void messagesNeverShowPasswords() {
        assertThat(SqlText.forMessage("CREATE USER 'u'@'%' IDENTIFIED BY 'se''cret'"))
                .isEqualTo("CREATE USER 'u'@'%' IDENTIFIED BY '***'");
        assertThat(SqlText.forMessage("ALTER USER x IDENTIFIED WITH mysql_native_password BY 'p1'"))
                .isEqualTo("ALTER USER x IDENTIFIED WITH mysql_native_password BY '***'");
        assertThat(
                        SqlText.forMessage(
                                "CHANGE MASTER TO MASTER_USER='r', MASTER_PASSWORD = 'p2', MASTER_PORT=1"))
                .isEqualTo(
                        "CHANGE MASTER TO MASTER_USER='r', MASTER_PASSWORD = '***', MASTER_PORT=1");
        assertThat(SqlText.forMessage("x".repeat(300))).hasSize(203);
    }
}
