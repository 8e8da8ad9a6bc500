package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightCheck.Level;
import dev.snapshift.internal.jdbc.ServerInfo;
import org.junit.jupiter.api.Test;

class VersionChecksTest {

    static PreflightCheck judge(String source, String target) {
        return VersionChecks.compatibility(
                ServerInfo.parse(source), ServerInfo.parse(target), "db:3306", "'u'@'%'");
    }

    @Test
    void sameOrNewerTargetIsCompatible() {
        assertThat(judge("8.0.33", "8.0.33").level()).isEqualTo(Level.OK);
        assertThat(judge("5.7.22-log", "8.0.33").level()).isEqualTo(Level.OK);
        assertThat(judge("8.0.15", "8.4.0").level()).isEqualTo(Level.OK);
        assertThat(judge("10.11.6-MariaDB", "11.4.5-MariaDB").level()).isEqualTo(Level.OK);
        assertThat(judge("8.0.33", "8.0.15").level()).as("patch level only").isEqualTo(Level.OK);
    }

    @Test
    void mysql8ToMysql57Fails() {
        PreflightCheck c = judge("8.0.33", "5.7.22-log");
        assertThat(c.level()).isEqualTo(Level.FAIL);
        assertThat(c.detail()).contains("utf8mb4_0900");
        assertThat(c.fix()).contains("MySQL 8.0");
    }

    @Test
    void olderTargetAndProductMixesWarn() {
        assertThat(judge("8.4.0", "8.0.33").level()).isEqualTo(Level.WARN);
        assertThat(judge("11.4.5-MariaDB", "10.11.6-MariaDB").level()).isEqualTo(Level.WARN);
        PreflightCheck mix = judge("8.0.33", "11.4.5-MariaDB");
        assertThat(mix.level()).isEqualTo(Level.WARN);
        assertThat(mix.detail()).contains("MySQL and MariaDB");
        assertThat(judge("5.5.5-10.6.12-MariaDB", "8.0.33").level()).isEqualTo(Level.WARN);
    }

    @Test
    void aMysql57SourceReadInASnapshotWarnsOfItsSnapshotReads() {
        PreflightCheck verified =
                VersionChecks.snapshotReads(
                        ServerInfo.parse("5.7.22-log"), ConsistencyMode.SNAPSHOT, true, "src");
        assertThat(verified.level()).isEqualTo(Level.WARN);
        assertThat(verified.detail()).contains("5.7.22").contains("refuses a copy");
        assertThat(verified.fix()).contains("--consistency read-only");
        PreflightCheck unverified =
                VersionChecks.snapshotReads(
                        ServerInfo.parse("5.7.44"), ConsistencyMode.LOCK_TABLES, false, "src");
        assertThat(unverified.level()).isEqualTo(Level.WARN);
        assertThat(unverified.detail()).contains("--no-verify");
        assertThat(unverified.fix()).contains("leave out --no-verify");
        // nothing is appended during a read-only copy; 8.0 and MariaDB read their snapshots whole
        for (PreflightCheck ok :
                java.util.List.of(
                        VersionChecks.snapshotReads(
                                ServerInfo.parse("5.7.22-log"),
                                ConsistencyMode.READ_ONLY,
                                false,
                                "src"),
                        VersionChecks.snapshotReads(
                                ServerInfo.parse("8.0.33"), ConsistencyMode.SNAPSHOT, false, "src"),
                        VersionChecks.snapshotReads(
                                ServerInfo.parse("11.4.5-MariaDB"),
                                ConsistencyMode.SNAPSHOT,
                                false,
                                "src"))) {
            assertThat(ok.level()).isEqualTo(Level.OK);
            assertThat(ok.detail()).isEqualTo("src");
        }
    }

    @Test
    void detailNamesBothProducts() {
        assertThat(judge("8.0.33", "8.0.33").detail())
                .contains("MySQL 8.0.33")
                .contains("source MySQL 8.0.33")
                .contains("db:3306");
    }
}
