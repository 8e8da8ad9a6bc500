package dev.snapshift.internal.copy;

import static dev.snapshift.internal.copy.CopyFailure.Side.SOURCE;
import static dev.snapshift.internal.copy.CopyFailure.Side.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.copy.ChunkFailures.Decision;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.MySqlErrors.Kind;
import java.io.EOFException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The decision after a failed chunk, both ways: what passes is retried the right way, anything else
 * fails the table.
 */
class ChunkFailuresTest {
    @Test
    void aLostSourceSessionMovesToASpareWhateverTheErrorSays() {
        assertThat(ChunkFailures.decide(SOURCE, Kind.CONNECTION_LOST, false, 1, 0))
                .isEqualTo(Decision.SWAP_TO_SPARE);
        assertThat(ChunkFailures.decide(SOURCE, Kind.CONNECTION_LOST, true, 9, 0))
                .isEqualTo(Decision.SWAP_TO_SPARE);
        // a "permanent" error on a session that no longer answers: the session died under it
        assertThat(ChunkFailures.decide(SOURCE, Kind.PERMANENT, false, 1, 0))
                .isEqualTo(Decision.SWAP_TO_SPARE);
    }

    @Test
    void aKilledStatementOnALiveSessionIsReadAgainThereAFewTimes() {
        assertThat(ChunkFailures.decide(SOURCE, Kind.TRANSIENT, true, 1, 0))
                .isEqualTo(Decision.RETRY_SAME_SESSION);
        assertThat(ChunkFailures.decide(SOURCE, Kind.TRANSIENT, true, 3, 0))
                .isEqualTo(Decision.RETRY_SAME_SESSION);
        assertThat(ChunkFailures.decide(SOURCE, Kind.TRANSIENT, true, 4, 0))
                .isEqualTo(Decision.FAIL_TABLE);
    }

    @Test
    void aPermanentSourceErrorOnALiveSessionFailsTheTable() {
        assertThat(ChunkFailures.decide(SOURCE, Kind.PERMANENT, true, 1, 0))
                .isEqualTo(Decision.FAIL_TABLE);
    }

    @Test
    void targetFailuresThatPassReopenTheTargetAndPermanentOnesFailTheTable() {
        assertThat(ChunkFailures.decide(TARGET, Kind.CONNECTION_LOST, true, 0, 1))
                .isEqualTo(Decision.REOPEN_TARGET);
        assertThat(ChunkFailures.decide(TARGET, Kind.TRANSIENT, true, 0, 3))
                .isEqualTo(Decision.REOPEN_TARGET);
        assertThat(ChunkFailures.decide(TARGET, Kind.TRANSIENT, true, 0, 4))
                .isEqualTo(Decision.FAIL_TABLE);
        assertThat(ChunkFailures.decide(TARGET, Kind.PERMANENT, true, 0, 1))
                .isEqualTo(Decision.FAIL_TABLE);
    }

    @Test
    void classificationWalksTheCauseChain() {
        SQLException wrapper =
                new SQLException(
                        "LOAD DATA failed",
                        "HY000",
                        0,
                        new SQLException("Communications link failure", "08S01"));
        assertThat(MySqlErrors.classify(wrapper)).isEqualTo(Kind.CONNECTION_LOST);
        assertThat(MySqlErrors.classify(new SQLException("read", "HY000", 0, new EOFException())))
                .isEqualTo(Kind.CONNECTION_LOST);
        assertThat(
                        MySqlErrors.classify(
                                new SQLException(
                                        "wrapped",
                                        null,
                                        0,
                                        new SQLException("deadlock", "40001", 1213))))
                .isEqualTo(Kind.TRANSIENT);
        assertThat(MySqlErrors.classify(new SQLException("Data too long", "22001", 1406)))
                .isEqualTo(Kind.PERMANENT);
        assertThat(MySqlErrors.classify(new SQLException("no code"))).isEqualTo(Kind.PERMANENT);
        assertThat(MySqlErrors.classify(null)).isEqualTo(Kind.PERMANENT);
    }
}
