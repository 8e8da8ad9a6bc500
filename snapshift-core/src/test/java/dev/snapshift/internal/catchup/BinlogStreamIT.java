package dev.snapshift.internal.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.SharedServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The binary log stream against a real source (MySQL 8.0.33). */
class BinlogStreamIT {

    /**
     * The apply fails (a lost target connection) while the catch-up is behind: the stream's queue
     * is full and its reader waits for room inside the client's connect(). close() must still end
     * promptly — the client's disconnect() waits for connect() to return, so a reader blocked for
     * ever on the full queue hung the whole catch-up (OnlineFaultIT, one run in three).
     */
    @Test
    void closeEndsWhileTheReaderWaitsOnAFullQueue() throws Exception {
        SandboxServer source = SharedServers.source(Flavor.MYSQL_8_0_33);
        String db = SharedServers.unique("stream");
        BinlogPosition from;
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
            st.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                from = new BinlogPosition(rs.getString(1), rs.getLong(2));
            }
        }
        BinlogStream stream =
                new BinlogStream(
                                ConnectionSpec.parse("source", source.url(), source.rootPassword()),
                                CatchUpPhase.serverId("binlog-stream-it"),
                                Set.of(db),
                                from,
                                Duration.ofSeconds(60),
                                Clock.systemUTC())
                        .start();
        try {
            try (Connection c = source.connect(db);
                    Statement st = c.createStatement()) {
                for (int i = 1; i <= BinlogStream.QUEUE + 200; i++) {
                    st.execute("INSERT INTO t VALUES (" + i + ", " + i + ")");
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stream.waiting() < BinlogStream.QUEUE && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stream.waiting()).as("the queue is full").isEqualTo(BinlogStream.QUEUE);
            Thread.sleep(300); // the reader is now waiting for room
        } finally {
            long started = System.nanoTime();
            CompletableFuture.runAsync(stream::close).get(15, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("close() with a full queue")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }
}
