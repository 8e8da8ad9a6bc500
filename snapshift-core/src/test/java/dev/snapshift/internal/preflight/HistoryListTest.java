package dev.snapshift.internal.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.PreflightCheck.Level;
import org.junit.jupiter.api.Test;

class HistoryListTest {

    @Test
    void parsesInnodbStatus() {
        String status =
                "------------\nTRANSACTIONS\n------------\nTrx id counter 1819\nPurge done for trx's n:o < 1817 undo n:o < 0"
                        + " state: running but idle\nHistory list length 1234567\nLIST OF TRANSACTIONS FOR EACH SESSION:\n";
        assertThat(HistoryList.parseStatus(status)).hasValue(1_234_567);
        assertThat(HistoryList.parseStatus("no such line")).isEmpty();
        assertThat(HistoryList.parseStatus(null)).isEmpty();
    }

    @Test
    void warnsAboveOneMillion() {
        assertThat(HistoryList.judge(12).level()).isEqualTo(Level.OK);
        assertThat(HistoryList.judge(1_000_000).level()).isEqualTo(Level.OK);
        assertThat(HistoryList.judge(1_000_001).level()).isEqualTo(Level.WARN);
        assertThat(HistoryList.judge(1_000_001).detail()).startsWith("1,000,001");
        assertThat(HistoryList.judge(1_000_001).fix()).contains("INNODB_TRX");
    }
}
