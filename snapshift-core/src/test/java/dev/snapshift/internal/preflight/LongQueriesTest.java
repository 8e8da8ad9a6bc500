package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.PreflightCheck.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongQueriesTest {
    static final LongQueries.Query REPORT =
            new LongQueries.Query(
                    42,
                    "analyst",
                    95,
                    "SELECT   customer_id,\n SUM(amount) FROM payments GROUP BY customer_id HAVING SUM(amount) > 1000 ORDER BY 2 DESC LIMIT 10");

    @Test
    void nothingFoundIsOk() {
        assertThat(LongQueries.judge(List.of(), 60, ConsistencyMode.SNAPSHOT, false, true).level())
                .isEqualTo(Level.OK);
    }

    @Test
    void foundQueriesFailNamingIdUserSecondsAndStatementStart() {
        PreflightCheck c =
                LongQueries.judge(List.of(REPORT), 60, ConsistencyMode.SNAPSHOT, false, true);
        assertThat(c.level()).isEqualTo(Level.FAIL);
        assertThat(c.detail())
                .contains("id 42, user analyst, 95s: SELECT customer_id, SUM(amount) FROM payments")
                .contains("--long-query-guard 60s")
                .doesNotContain("LIMIT 10");
        assertThat(c.fix()).contains("--kill-long-queries").contains("KILL QUERY");
    }

    @Test
    void killLongQueriesTurnsItIntoAWarningWhenAllowed() {
        PreflightCheck c =
                LongQueries.judge(List.of(REPORT), 60, ConsistencyMode.LOCK_TABLES, true, true);
        assertThat(c.level()).isEqualTo(Level.WARN);
        assertThat(c.detail()).contains("will be killed");
        assertThat(
                        LongQueries.judge(
                                        List.of(REPORT), 60, ConsistencyMode.SNAPSHOT, true, false)
                                .level())
                .as("may not kill other users' queries")
                .isEqualTo(Level.FAIL);
    }

    @Test
    void modesWithoutALockAreNotStalled() {
        assertThat(
                        LongQueries.judge(
                                        List.of(REPORT), 60, ConsistencyMode.LOCKLESS, false, true)
                                .level())
                .isEqualTo(Level.OK);
        assertThat(
                        LongQueries.judge(List.of(REPORT), 60, ConsistencyMode.NONE, false, true)
                                .level())
                .isEqualTo(Level.OK);
    }

    @Test
    void statementIsCutToEightyCharacters() {
        assertThat(REPORT.describe()).endsWith("...");
        String cut = Texts.statement(REPORT.statement(), LongQueries.STATEMENT_CHARS);
        assertThat(cut).hasSize(LongQueries.STATEMENT_CHARS + 3);
    }
}
