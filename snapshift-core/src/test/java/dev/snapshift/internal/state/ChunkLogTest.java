package dev.snapshift.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.BinlogCoordinates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkLogTest {
    static final BinlogCoordinates P1 = new BinlogCoordinates("binlog.000003", 4711, "");
    static final BinlogCoordinates P2 = new BinlogCoordinates("binlog.000004", 157, "u:1-5");

    static ChunkLog.Entry e(BinlogCoordinates at, String lo, String hi) {
        return new ChunkLog.Entry(at, "d", "t", "RANGE", lo, hi, 10);
    }

    @Test
    void chunksAreReadBackWithRebasesDropsAndClearsApplied(@TempDir Path dir) throws Exception {
        ChunkLog log = ChunkLog.in(dir);
        log.committed(e(P1, "1", "10"));
        log.committed(e(P1, "11", "20"));
        log.rebased(P1, P2);
        log.committed(e(P2, "21", "30"));
        log.dropped(e(P2, "11", "20"));
        assertThat(ChunkLog.in(dir).read()).containsExactly(e(P2, "1", "10"), e(P2, "21", "30"));
        log.cleared();
        log.committed(e(P1, "5", "6"));
        assertThat(ChunkLog.in(dir).read()).containsExactly(e(P1, "5", "6"));
    }

    @Test
    void aLineCutByACrashIsIgnored(@TempDir Path dir) throws Exception {
        ChunkLog log = ChunkLog.in(dir);
        log.committed(e(P1, "1", "10"));
        Files.write(
                dir.resolve(ChunkLog.FILE),
                "{\"at\":{\"file\":\"binlog.000003\",\"posi".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        assertThat(ChunkLog.in(dir).read()).containsExactly(e(P1, "1", "10"));
    }

    @Test
    void noFileNoChunks(@TempDir Path dir) {
        assertThat(ChunkLog.in(dir).read()).isEmpty();
        assertThat(ChunkLog.in(null)).isNull();
    }
}
