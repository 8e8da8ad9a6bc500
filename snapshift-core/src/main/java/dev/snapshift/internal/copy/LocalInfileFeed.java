package dev.snapshift.internal.copy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded pipe between a chunk's reader and the target's {@code LOAD DATA LOCAL INFILE}: a
 * fixed set of byte buffers circulates between a free list and a full queue, so the reader blocks
 * when the target is behind (backpressure) and memory is {@code buffers x bufferSize} whatever the
 * data.
 *
 * <p>Installed as the connection's local-infile stream for its whole life, so whatever file a
 * server asks for it gets this stream and never a file of this machine. Between loads ({@link
 * #arm()} not called) a request reads an empty file; a hostile server learns nothing.
 *
 * <p>One producer (the reader thread) and one consumer (the driver, on the thread running the LOAD
 * statement).
 */
final class LocalInfileFeed extends InputStream {
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<Segment> free;
    private final BlockingQueue<Segment> full;
    private final int bufferSize;

    /** Producer side: the buffer being filled. */
    private Segment filling;

    /** Consumer side: the buffer being read. */
    private Segment reading;

    private volatile boolean armed;

    /** Set by the consumer's side when the statement ended; a blocked producer gives up. */
    private volatile boolean loadEnded;

    private long bytesFed;

    private static final class Segment {
        final byte[] data;
        int len;
        int pos;

        Segment(byte[] data) {
            this.data = data;
        }
    }

    /**
     * Bytes handed to the target, counted as each buffer goes out: the throughput the parallelism
     * follows.
     */
    private final java.util.concurrent.atomic.LongAdder sent;

    LocalInfileFeed(int buffers, int bufferSize) {
        this(buffers, bufferSize, new java.util.concurrent.atomic.LongAdder());
    }

    LocalInfileFeed(int buffers, int bufferSize, java.util.concurrent.atomic.LongAdder sent) {
        this.sent = sent;
        this.bufferSize = bufferSize;
        this.free = new ArrayBlockingQueue<>(buffers);
        this.full = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 0; i < buffers; i++) {
            free.add(new Segment(new byte[bufferSize]));
        }
    }

    /**
     * Starts a load: the next request of the server reads what the producer writes until {@link
     * #finish()}.
     */
    void arm() {
        recycle();
        loadEnded = false;
        bytesFed = 0;
        armed = true;
    }

    /**
     * The consumer's statement returned (or failed): a producer still writing stops instead of
     * waiting for ever.
     */
    void loadEnded() {
        loadEnded = true;
        armed = false;
    }

    long bytesFed() {
        return bytesFed;
    }

    // ---- producer side ----

    void write(byte b) throws IOException, InterruptedException {
        if (filling == null || filling.len == bufferSize) {
            next();
        }
        filling.data[filling.len++] = b;
    }

    void write(byte[] b, int off, int len) throws IOException, InterruptedException {
        while (len > 0) {
            if (filling == null || filling.len == bufferSize) {
                next();
            }
            int n = Math.min(len, bufferSize - filling.len);
            System.arraycopy(b, off, filling.data, filling.len, n);
            filling.len += n;
            off += n;
            len -= n;
        }
    }

    /** Room for at least {@code n} bytes (n at most the buffer size) in the current buffer. */
    byte[] reserve(int n) throws IOException, InterruptedException {
        if (filling == null || filling.len + n > bufferSize) {
            next();
        }
        return filling.data;
    }

    int position() {
        return filling.len;
    }

    void advance(int to) {
        filling.len = to;
    }

    int bufferSize() {
        return bufferSize;
    }

    /**
     * Ends the data of this load: the server sees the end of the file once it has read what was
     * written.
     */
    void finish() throws IOException, InterruptedException {
        publish();
        put(new Segment(EOF));
    }

    /**
     * Ends the load early without waiting (the reader failed); the chunk is rolled back afterwards.
     */
    void abandon() {
        returnFilledBuffers();
        full.offer(new Segment(EOF));
    }

    /** The buffer being filled and every queued one go back to the free list. */
    private void returnFilledBuffers() {
        if (filling != null) {
            free.offer(filling);
            filling = null;
        }
        Segment s;
        while ((s = full.poll()) != null) {
            if (s.data != EOF) {
                free.offer(s);
            }
        }
    }

    private void next() throws IOException, InterruptedException {
        publish();
        while (true) {
            Segment s = free.poll(100, TimeUnit.MILLISECONDS);
            if (s != null) {
                s.len = 0;
                s.pos = 0;
                filling = s;
                return;
            }
            checkLoadRunning();
        }
    }

    private void publish() throws IOException, InterruptedException {
        if (filling != null && filling.len > 0) {
            bytesFed += filling.len;
            sent.add(filling.len);
            put(filling);
            filling = null;
        }
    }

    private void put(Segment s) throws IOException, InterruptedException {
        while (!full.offer(s, 100, TimeUnit.MILLISECONDS)) {
            checkLoadRunning();
        }
    }

    private void checkLoadRunning() throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("load interrupted");
        }
        if (loadEnded) {
            throw new IOException(
                    "the target ended the LOAD DATA statement before reading all rows");
        }
    }

    // ---- consumer side (the driver) ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (!armed) {
            return -1; // a request outside our own loads: an empty file, never a file of this
            // machine
        }
        if (len == 0) {
            return 0;
        }
        if (reading == null) {
            try {
                reading = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while feeding LOAD DATA", e);
            }
        }
        if (reading.data == EOF) {
            reading = null;
            armed = false;
            return -1;
        }
        int n = Math.min(len, reading.len - reading.pos);
        System.arraycopy(reading.data, reading.pos, b, off, n);
        reading.pos += n;
        if (reading.pos == reading.len) {
            free.offer(reading);
            reading = null;
        }
        return n;
    }

    /** The driver closes its stream after each file; the feed stays installed for the next load. */
    @Override
    public void close() {
        armed = false;
    }

    /** Returns every buffer to the free list (between loads, when no thread uses the feed). */
    private void recycle() {
        if (reading != null && reading.data != EOF) {
            free.offer(reading);
        }
        reading = null;
        returnFilledBuffers();
    }
}
