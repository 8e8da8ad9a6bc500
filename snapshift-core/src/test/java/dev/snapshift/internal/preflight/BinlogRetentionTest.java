package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightCheck.Level;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BinlogRetentionTest {
    static final ServerInfo MYSQL8 = ServerInfo.parse("8.0.33");
    static final ServerInfo MYSQL57 = ServerInfo.parse("5.7.22-log");
    static final ServerInfo MARIADB = ServerInfo.parse("11.4.5-MariaDB");

    @Test
    void mysql8SecondsAgainstTwiceTheEstimate() {
        PreflightCheck ok = BinlogChecks.retention(MYSQL8, "2592000", "0", Duration.ofHours(2));
        assertThat(ok.level()).isEqualTo(Level.OK);
        assertThat(ok.detail()).contains("binlog_expire_logs_seconds=2592000").contains("30d 00h");
        PreflightCheck warn = BinlogChecks.retention(MYSQL8, "3600", "0", Duration.ofMinutes(40));
        assertThat(warn.level()).isEqualTo(Level.WARN);
        assertThat(warn.detail()).contains("could be purged");
        assertThat(warn.fix()).contains("SET PERSIST binlog_expire_logs_seconds = 86400");
        assertThat(BinlogChecks.retention(MYSQL8, "3600", "0", Duration.ofMinutes(30)).level())
                .as("exactly twice is enough")
                .isEqualTo(Level.OK);
    }

    @Test
    void zeroMeansNeverPurged() {
        assertThat(BinlogChecks.retention(MYSQL8, "0", "0", Duration.ofDays(10)).level())
                .isEqualTo(Level.OK);
        assertThat(BinlogChecks.retention(MARIADB, "0", "0.000000", Duration.ofDays(10)).detail())
                .contains("not purged");
        assertThat(BinlogChecks.retention(MYSQL57, null, "0", Duration.ofDays(10)).level())
                .isEqualTo(Level.OK);
    }

    @Test
    void expireLogsDaysWhereThereAreNoSeconds() {
        PreflightCheck c = BinlogChecks.retention(MYSQL57, null, "1", Duration.ofHours(13));
        assertThat(c.level()).isEqualTo(Level.WARN);
        assertThat(c.detail()).contains("expire_logs_days=1");
        assertThat(c.fix()).contains("SET GLOBAL expire_logs_days = 2");
        assertThat(BinlogChecks.retention(MYSQL8, "0", "1", Duration.ofHours(13)).detail())
                .contains("expire_logs_days=1");
    }

    @Test
    void mariaDbSecondsAndFractionalDays() {
        PreflightCheck c = BinlogChecks.retention(MARIADB, "3600", "0.041667", Duration.ofHours(1));
        assertThat(c.level()).isEqualTo(Level.WARN);
        assertThat(c.fix()).contains("SET GLOBAL binlog_expire_logs_seconds = 86400");
        PreflightCheck old =
                BinlogChecks.retention(
                        ServerInfo.parse("10.4.30-MariaDB"), null, "0.5", Duration.ofHours(7));
        assertThat(old.level()).isEqualTo(Level.WARN);
        assertThat(old.fix()).contains("SET GLOBAL expire_logs_days = 1.00");
    }
}
