package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeChoiceTest {

    @Test
    void autoPicksTheStrongestModeAllowed() {
        assertThat(ModeChoice.effective(ConsistencyMode.AUTO, true, false, true, false))
                .isEqualTo(ConsistencyMode.SNAPSHOT);
        assertThat(ModeChoice.effective(ConsistencyMode.AUTO, true, true, true, true))
                .isEqualTo(ConsistencyMode.SNAPSHOT);
        assertThat(ModeChoice.effective(ConsistencyMode.AUTO, false, true, true, false))
                .isEqualTo(ConsistencyMode.LOCKLESS);
        assertThat(ModeChoice.effective(ConsistencyMode.AUTO, false, true, false, false))
                .as("no binary log, no position to prove anything with")
                .isEqualTo(ConsistencyMode.LOCK_TABLES);
        assertThat(ModeChoice.effective(ConsistencyMode.AUTO, false, true, true, true))
                .as("tables to copy under a lock")
                .isEqualTo(ConsistencyMode.LOCK_TABLES);
        assertThat(ModeChoice.effective(ConsistencyMode.AUTO, false, false, true, false))
                .isEqualTo(ConsistencyMode.LOCK_TABLES);
    }

    @Test
    void explicitModesStayAsRequested() {
        for (ConsistencyMode m : ConsistencyMode.values()) {
            if (m != ConsistencyMode.AUTO) {
                assertThat(ModeChoice.effective(m, false, false, false, true)).isEqualTo(m);
            }
        }
    }

    @Test
    void flushTablesCountsOnlyFromMySql8023() {
        Grants flushTables = Grants.parse("u@%", List.of("GRANT FLUSH_TABLES ON *.* TO `u`@`%`"));
        assertThat(ModeChoice.mayFlush(flushTables, ServerInfo.parse("8.0.33"))).isTrue();
        assertThat(ModeChoice.mayFlush(flushTables, ServerInfo.parse("8.0.22"))).isFalse();
        Grants reload = Grants.parse("u@%", List.of("GRANT RELOAD ON *.* TO `u`@`%`"));
        assertThat(ModeChoice.mayFlush(reload, ServerInfo.parse("5.7.22-log"))).isTrue();
        assertThat(
                        ModeChoice.mayFlush(
                                Grants.parse("u@%", List.of()), ServerInfo.parse("11.4.5-MariaDB")))
                .isFalse();
    }
}
