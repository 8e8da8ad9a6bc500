package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightReportTest {

    @Test
    void failureSummaryJoinsTheFailLinesWithTheirFixes() {
        PreflightReport r =
                new PreflightReport(
                        List.of(
                                PreflightCheck.ok("log_bin", "ON"),
                                PreflightCheck.warn("gtid", "off", "turn it on"),
                                PreflightCheck.fail(
                                        "consistency",
                                        "lacks RELOAD",
                                        "GRANT RELOAD ON *.* TO 'u'@'%'"),
                                PreflightCheck.fail("target objects", "db.t exists", "drop it")));
        assertThat(r.failed()).isTrue();
        assertThat(r.count(PreflightCheck.Level.FAIL)).isEqualTo(2);
        assertThat(r.failureSummary())
                .isEqualTo(
                        "consistency: lacks RELOAD (fix: GRANT RELOAD ON *.* TO 'u'@'%');"
                                + " target objects: db.t exists (fix: drop it)");
    }

    @Test
    void noFailNoSummary() {
        PreflightReport r =
                new PreflightReport(List.of(PreflightCheck.warn("gtid", "off", "turn it on")));
        assertThat(r.failed()).isFalse();
        assertThat(r.failureSummary()).isEmpty();
    }

    @Test
    void warnAndFailNeedAFixAndOkHasNone() {
        assertThatThrownBy(() -> PreflightCheck.warn("x", "y", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreflightCheck.fail("x", "y", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PreflightCheck("x", PreflightCheck.Level.OK, "y", "ignored").fix()).isNull();
    }
}
