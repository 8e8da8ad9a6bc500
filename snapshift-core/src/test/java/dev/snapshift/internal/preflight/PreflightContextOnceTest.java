package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link PreflightContext.Once}: what several checks need from the servers is read at the first
 * check that asks, and that one answer (or that one failure) serves the others.
 */
class PreflightContextOnceTest {

    @Test
    void theValueIsReadOnceAndKept() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        PreflightContext.Once<List<String>> once =
                new PreflightContext.Once<>(
                        c -> List.of("view db.v", "#" + reads.incrementAndGet()));
        assertThat(once.get(null)).containsExactly("view db.v", "#1");
        assertThat(once.get(null)).containsExactly("view db.v", "#1");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aFailedReadIsTheFailureOfEveryCheckThatAsksAndIsNotRetried() {
        AtomicInteger reads = new AtomicInteger();
        PreflightContext.Once<List<String>> once =
                new PreflightContext.Once<>(
                        c -> {
                            reads.incrementAndGet();
                            throw new SQLException("SELECT command denied to user", "42000", 1142);
                        });
        // each check that needs the objects becomes its own "could not be checked" warning
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> once.get(null))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("denied");
        }
        assertThat(reads).hasValue(1);
    }
}
