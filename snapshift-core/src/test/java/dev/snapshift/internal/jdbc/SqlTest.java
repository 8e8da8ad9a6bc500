package dev.snapshift.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void quotesIdentifiers() {
        assertThat(Sql.quote("order")).isEqualTo("`order`");
        assertThat(Sql.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(Sql.quote("with space")).isEqualTo("`with space`");
        assertThat(Sql.quote("日本")).isEqualTo("`日本`");
        assertThat(Sql.qualified("a`b", "c")).isEqualTo("`a``b`.`c`");
    }

    @Test
    void stringLiterals() {
        assertThat(Sql.stringLiteral("it's \\ ok")).isEqualTo("'it''s \\\\ ok'");
    }

    @Test
    void classifiesConnectionLossTransientAndPermanent() {
        assertThat(MySqlErrors.classify(new SQLNonTransientConnectionException("gone", "08S01", 0)))
                .isEqualTo(MySqlErrors.Kind.CONNECTION_LOST);
        assertThat(MySqlErrors.classify(new SQLException("killed", "70100", 1927)))
                .isEqualTo(MySqlErrors.Kind.CONNECTION_LOST);
        assertThat(MySqlErrors.classify(new SQLException("deadlock", "40001", 1213)))
                .isEqualTo(MySqlErrors.Kind.TRANSIENT);
        assertThat(MySqlErrors.classify(new SQLException("lock wait", "HY000", 1205)))
                .isEqualTo(MySqlErrors.Kind.TRANSIENT);
        assertThat(MySqlErrors.classify(new SQLException("interrupted", "70100", 1317)))
                .isEqualTo(MySqlErrors.Kind.TRANSIENT);
        assertThat(MySqlErrors.classify(new SQLException("too long", "22001", 1406)))
                .isEqualTo(MySqlErrors.Kind.PERMANENT);
        assertThat(MySqlErrors.classify(new SQLException("denied", "42000", 1142)))
                .isEqualTo(MySqlErrors.Kind.PERMANENT);
        assertThat(MySqlErrors.classify(new SQLException("unknown")))
                .isEqualTo(MySqlErrors.Kind.PERMANENT);
        assertThat(MySqlErrors.classify(null)).isEqualTo(MySqlErrors.Kind.PERMANENT);
    }

    @Test
    void serverVersions() {
        ServerInfo m = ServerInfo.parse("8.0.33");
        assertThat(m.mariaDb()).isFalse();
        assertThat(m.hasBinaryLogStatus()).isFalse();
        assertThat(ServerInfo.parse("8.4.0").hasBinaryLogStatus()).isTrue();
        ServerInfo maria = ServerInfo.parse("11.4.5-MariaDB-log");
        assertThat(maria.mariaDb()).isTrue();
        assertThat(maria.major()).isEqualTo(11);
        assertThat(maria.hasBinaryLogStatus()).isFalse();
        assertThat(ServerInfo.parse("5.5.5-10.11.6-MariaDB").major()).isEqualTo(10);
        assertThat(ServerInfo.parse("5.7.22-log").atLeast(5, 7, 22)).isTrue();
    }

    @Test
    void autoIncrementOfACreateStatement() {
        assertThat(
                        dev.snapshift.internal.schema.TargetSchema.autoIncrement(
                                "CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4"))
                .contains(1000L);
        assertThat(
                        dev.snapshift.internal.schema.TargetSchema.autoIncrement(
                                "CREATE TABLE `t` (\n  `c` varchar(20) DEFAULT 'ENGINE=x AUTO_INCREMENT=5'\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"))
                .isEmpty();
    }
}
