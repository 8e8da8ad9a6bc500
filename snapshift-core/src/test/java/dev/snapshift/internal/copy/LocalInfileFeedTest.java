package dev.snapshift.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalInfileFeedTest {
    /** What the driver does with the stream: read to the end, then close. */
    private static byte[] drain(LocalInfileFeed feed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1000];
        int n;
        while ((n = feed.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        feed.close();
        return out.toByteArray();
    }

    @Test
    void outsideALoadAServerRequestReadsAnEmptyFile() throws IOException {
        LocalInfileFeed feed = new LocalInfileFeed(2, 16);
        assertThat(drain(feed)).isEmpty();
    }

    @Test
    void carriesEveryByteInOrderAcrossBuffersAndLoads() throws Exception {
        LocalInfileFeed feed = new LocalInfileFeed(3, 16);
        for (int load = 0; load < 3; load++) {
            byte[] data = new byte[1000 + load];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31 + load);
            }
            feed.arm();
            CompletableFuture<byte[]> consumer =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return drain(feed);
                                } catch (IOException e) {
                                    throw new RuntimeException(e);
                                }
                            });
            feed.write(data, 0, 500);
            feed.write(data[500]);
            feed.write(data, 501, data.length - 501);
            feed.finish();
            assertThat(consumer.get(10, TimeUnit.SECONDS)).isEqualTo(data);
            feed.loadEnded();
            assertThat(feed.bytesFed()).isEqualTo(data.length);
        }
    }

    @Test
    void theProducerWaitsForTheConsumerWithinItsBuffers() throws Exception {
        LocalInfileFeed feed = new LocalInfileFeed(2, 16);
        feed.arm();
        CompletableFuture<Void> producer =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                feed.write(new byte[1000], 0, 1000);
                                feed.finish();
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(300);
        assertThat(producer).isNotDone(); // 2 x 16 bytes of room, then backpressure
        assertThat(drain(feed)).hasSize(1000);
        producer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStatementThatEndsEarlyReleasesABlockedProducer() throws Exception {
        LocalInfileFeed feed = new LocalInfileFeed(2, 16);
        feed.arm();
        CompletableFuture<Void> producer =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                feed.write(new byte[1000], 0, 1000);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(200);
        feed.loadEnded(); // e.g. the table was missing: the server never asked for the data
        assertThatThrownBy(() -> producer.get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IOException.class)
                .hasMessageContaining("ended the LOAD DATA statement");
    }

    @Test
    void abandonEndsTheFileAndKeepsEveryBuffer() throws Exception {
        LocalInfileFeed feed = new LocalInfileFeed(2, 16);
        feed.arm();
        feed.write(new byte[20], 0, 20);
        feed.abandon();
        assertThat(drain(feed).length).isLessThanOrEqualTo(20);
        feed.loadEnded();
        feed.arm(); // the next load still has both buffers
        CompletableFuture<byte[]> consumer =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return drain(feed);
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        });
        feed.write(new byte[100], 0, 100);
        feed.finish();
        assertThat(consumer.get(10, TimeUnit.SECONDS)).hasSize(100);
    }
}
