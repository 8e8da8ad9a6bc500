package dev.snapshift.internal.catchup;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.internal.concurrent.Threads;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the source's binary log from a position on a thread of its own ({@code snapshift-binlog})
 * and hands whole transactions, in log order, to a bounded queue: the applier takes them from
 * there, and a full queue holds the reader back. Only row events of the migrated databases are
 * kept; every other transaction still passes as an empty one, so the applied position follows the
 * log.
 *
 * <p>A lost connection (killed, network, server restart, silence longer than the read timeout) is
 * opened again from the end of the last whole transaction handed over: the transaction cut in the
 * middle is read again from its start, never half. Errors that another attempt cannot mend (the
 * needed binary log purged, a missing privilege, an event it cannot read) end the stream with a
 * failure that {@link #take} throws. Never throws from the client's listener: the client would skip
 * the event.
 */
final class BinlogStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogStream.class);

    /** Transactions waiting for the applier; a full queue blocks the reader. */
    static final int QUEUE = 2_000;

    /** The reader gives up when it could not read anything for this long. */
    private final Duration giveUpAfter;

    private final ConnectionSpec spec;
    private final long serverId;
    private final Set<String> databases;
    private final Clock clock;
    private final BlockingQueue<SourceTransaction> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile BinaryLogClient client;
    private volatile Failure failure;
    private volatile BinlogPosition received;
    private volatile long receivedTimestamp;

    /** Why the stream ended for good. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }

        /** The log to read is gone from the source (purged): a resume cannot help. */
        boolean gone() {
            return getCause() instanceof ServerException se && se.getErrorCode() == 1236;
        }
    }

    /**
     * @param databases the migrated databases, lower case: row events of other databases are
     *     dropped here
     */
    BinlogStream(
            ConnectionSpec spec,
            long serverId,
            Set<String> databases,
            BinlogPosition from,
            Duration giveUpAfter,
            Clock clock) {
        this.spec = spec;
        this.serverId = serverId;
        this.databases = Set.copyOf(databases);
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        this.received = from;
        this.thread = Threads.named("snapshift-binlog").newThread(() -> run(from));
    }

    BinlogStream start() {
        thread.start();
        return this;
    }

    /**
     * The next transaction, waiting at most {@code wait}; null when none came. Throws the stream's
     * failure once everything read before it was taken.
     */
    SourceTransaction take(Duration wait) throws InterruptedException, Failure {
        SourceTransaction t = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null && failure != null && queue.isEmpty()) {
            throw failure;
        }
        return t;
    }

    /** The next transaction if one is waiting (left in the queue), else null. */
    SourceTransaction peek() {
        return queue.peek();
    }

    /** The next transaction if one is waiting, else null. */
    SourceTransaction poll() {
        return queue.poll();
    }

    /** Transactions read and not taken yet. */
    int waiting() {
        return queue.size();
    }

    /** The source time of the oldest transaction waiting, or 0 when none waits. */
    long oldestWaitingTimestamp() {
        SourceTransaction t = queue.peek();
        return t == null ? 0 : t.timestampMillis();
    }

    /** The end of the last whole transaction read (the start position before any). */
    BinlogPosition received() {
        return received;
    }

    /** The source time of the last transaction read (0 before any). */
    long receivedTimestamp() {
        return receivedTimestamp;
    }

    int reconnects() {
        return reconnects.get();
    }

    private void run(BinlogPosition from) {
        BinlogPosition position = from;
        long lastProgress = clock.millis();
        long pause = 500;
        while (!stopping) {
            Assembler assembler = new Assembler(position);
            BinaryLogClient c = BinlogClients.create(spec, serverId, position);
            c.registerEventListener(assembler::onEvent);
            c.registerLifecycleListener(
                    new BinaryLogClient.AbstractLifecycleListener() {
                        @Override
                        public void onEventDeserializationFailure(
                                BinaryLogClient client, Exception ex) {
                            assembler.fatal(
                                    "an event of the source's binary log could not be read after "
                                            + assembler.lastEnd
                                            + ": "
                                            + rootMessage(ex),
                                    ex);
                        }

                        @Override
                        public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                            assembler.lost = ex;
                        }
                    });
            client = c;
            if (stopping) {
                break;
            }
            try {
                c.connect();
            } catch (ServerException e) {
                assembler.lost = e;
            } catch (IOException | RuntimeException e) {
                assembler.lost = e;
            }
            if (assembler.failure != null) {
                failure = assembler.failure;
                break;
            }
            if (assembler.lost instanceof ServerException se && permanent(se)) {
                failure =
                        new Failure(
                                "the source refused to send its binary log from "
                                        + assembler.lastEnd
                                        + ": ["
                                        + se.getErrorCode()
                                        + "] "
                                        + se.getMessage()
                                        + hint(se),
                                se);
                break;
            }
            if (stopping) {
                break;
            }
            if (!assembler.lastEnd.equals(position) || assembler.events > 0) {
                lastProgress = clock.millis();
                pause = 500;
            }
            position = assembler.lastEnd;
            if (clock.millis() - lastProgress > giveUpAfter.toMillis()) {
                failure =
                        new Failure(
                                "the binary log connection to the source was lost and could not be opened"
                                        + " again for "
                                        + giveUpAfter.toSeconds()
                                        + " s: "
                                        + rootMessage(assembler.lost),
                                assembler.lost);
                break;
            }
            reconnects.incrementAndGet();
            LOG.warn(
                    "binary log connection lost ({}); reading again from {} in {} ms",
                    rootMessage(assembler.lost),
                    position,
                    pause);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                break;
            }
            pause = Math.min(pause * 2, 5_000);
        }
        client = null;
    }

    /** Errors another connection would meet again. */
    private static boolean permanent(ServerException e) {
        int code = e.getErrorCode();
        return code == 1236 // the log or position cannot be read (purged, corrupt)
                || code == 1045 // access denied
                || code == 1227 // missing privilege (REPLICATION SLAVE)
                || code == 1044
                || code == 1142;
    }

    private static String hint(ServerException e) {
        return switch (e.getErrorCode()) {
            case 1236 ->
                    " - the binary log file the catch-up needs is no longer on the source (purged?): keep"
                            + " binary logs longer (binlog_expire_logs_seconds) and migrate again";
            case 1045, 1227, 1044, 1142 ->
                    " - the source user needs REPLICATION SLAVE (and REPLICATION CLIENT) to read the binary log";
            default -> "";
        };
    }

    static String rootMessage(Throwable t) {
        if (t == null) {
            return "closed by the server";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Stops reading; what was read and not taken stays in the queue. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        // first: a reader waiting for room in the queue stops waiting, so the client's connect()
        // returns and disconnect() (which waits for it) can finish
        thread.interrupt();
        BinaryLogClient c = client;
        if (c != null) {
            try {
                c.disconnect();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the binary log connection: {}", e.toString());
            }
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn(
                    "the binary log reader did not stop within 10 s; left running as a daemon thread");
        }
    }

    /**
     * Turns the events of one connection into transactions. Runs on the client's thread; never
     * throws.
     */
    private final class Assembler {
        BinlogPosition lastEnd;
        String file;
        Failure failure;
        Exception lost;
        long events;
        private final Map<Long, BinlogEvents.TableMap> maps = new HashMap<>();
        private Open open;

        Assembler(BinlogPosition from) {
            this.lastEnd = from;
            this.file = from.file();
        }

        /** A transaction being read. */
        private final class Open {
            final BinlogPosition start;
            final String gtid;
            final List<SourceTransaction.RowsEvent> changes = new ArrayList<>();
            SourceTransaction.Statement statement;

            /**
             * A multi-statement transaction (BEGIN, or MariaDB's GTID of a transaction): it ends at
             * XID or COMMIT. Otherwise the next statement is the whole transaction (DDL).
             */
            boolean begun;

            Open(BinlogPosition start, String gtid, boolean begun) {
                this.start = start;
                this.gtid = gtid;
                this.begun = begun;
            }
        }

        void fatal(String message, Throwable cause) {
            if (failure == null) {
                failure = new Failure(message, cause);
                LOG.error("binary log stream stopped: {}", message);
                disconnectLater();
            }
        }

        private void disconnectLater() {
            BinaryLogClient c = client;
            if (c != null) {
                Threads.start(
                        "snapshift-binlog-close",
                        () -> {
                            try {
                                c.disconnect();
                            } catch (IOException e) {
                                LOG.debug("disconnect: {}", e.toString());
                            }
                        });
            }
        }

        void onEvent(Event event) {
            if (failure != null || stopping) {
                return;
            }
            try {
                handle(event);
            } catch (InterruptedException e) {
                stopping = true;
                disconnectLater();
            } catch (RuntimeException e) {
                fatal("the catch-up could not read an event after " + lastEnd + ": " + e, e);
            }
        }

        private BinlogPosition startOf(BinlogEvents.Header h) {
            return new BinlogPosition(file, h.getNextPosition() - h.getEventLength());
        }

        private void handle(Event event) throws InterruptedException {
            BinlogEvents.Header h = (BinlogEvents.Header) event.getHeader();
            EventType type = h.getEventType();
            if (type != EventType.HEARTBEAT) {
                events++;
            }
            switch (type) {
                case ROTATE -> {
                    RotateEventData r = event.getData();
                    if (!r.getBinlogFilename().equals(file)) {
                        file = r.getBinlogFilename();
                        if (open == null) {
                            lastEnd = new BinlogPosition(file, r.getBinlogPosition());
                            received = lastEnd;
                        }
                    }
                }
                case GTID, ANONYMOUS_GTID -> {
                    GtidEventData g = type == EventType.GTID ? event.getData() : null;
                    open = new Open(startOf(h), g == null ? null : g.getGtid(), false);
                }
                case MARIADB_GTID -> {
                    MariadbGtidEventData g = event.getData();
                    g.setServerId(h.getServerId());
                    open =
                            new Open(
                                    startOf(h),
                                    g.toString(),
                                    (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
                }
                case QUERY -> query(h, event.getData());
                case TABLE_MAP -> {
                    BinlogEvents.TableMap m = event.getData();
                    maps.put(m.tableId(), m);
                }
                case WRITE_ROWS, EXT_WRITE_ROWS -> {
                    WriteRowsEventData d = event.getData();
                    rows(
                            h,
                            d.getTableId(),
                            SourceTransaction.Kind.INSERT,
                            d.getIncludedColumns(),
                            null,
                            null,
                            d.getRows());
                }
                case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                    UpdateRowsEventData d = event.getData();
                    List<Serializable[]> before = new ArrayList<>(d.getRows().size());
                    List<Serializable[]> after = new ArrayList<>(d.getRows().size());
                    for (Map.Entry<Serializable[], Serializable[]> e : d.getRows()) {
                        before.add(e.getKey());
                        after.add(e.getValue());
                    }
                    rows(
                            h,
                            d.getTableId(),
                            SourceTransaction.Kind.UPDATE,
                            d.getIncludedColumnsBeforeUpdate(),
                            d.getIncludedColumns(),
                            before,
                            after);
                }
                case DELETE_ROWS, EXT_DELETE_ROWS -> {
                    DeleteRowsEventData d = event.getData();
                    rows(
                            h,
                            d.getTableId(),
                            SourceTransaction.Kind.DELETE,
                            d.getIncludedColumns(),
                            null,
                            d.getRows(),
                            null);
                }
                case XID -> commit(h);
                case XA_PREPARE -> {
                    if (open != null && !open.changes.isEmpty()) {
                        fatal(
                                "an XA transaction changed migrated tables at "
                                        + open.start
                                        + ": the catch-up does not apply XA transactions",
                                null);
                        return;
                    }
                    commit(h);
                }
                case INCIDENT ->
                        fatal(
                                "the source logged an INCIDENT event at "
                                        + startOf(h)
                                        + ": changes are missing from its binary log; migrate again",
                                null);
                case PARTIAL_UPDATE_ROWS_EVENT ->
                        fatal(
                                "the source logs partial JSON updates (binlog_row_value_options=PARTIAL_JSON)"
                                        + " at "
                                        + startOf(h)
                                        + ": SET GLOBAL binlog_row_value_options = '' on the source and migrate again",
                                null);
                case PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS, PRE_GA_DELETE_ROWS ->
                        fatal(
                                "row events of a pre-5.1 format at "
                                        + startOf(h)
                                        + " cannot be read",
                                null);
                case UNKNOWN -> unknown(h);
                case HEARTBEAT, ROWS_QUERY, ANNOTATE_ROWS, INTVAR, RAND, USER_VAR -> {
                    // nothing to apply; inside a transaction, or not a place in the log
                }
                default -> {
                    // FORMAT_DESCRIPTION, PREVIOUS_GTIDS, STOP, GTID lists, checkpoints: nothing to
                    // apply. Outside a transaction, the log may be read again from after them (an
                    // event the server sends of its own, not from the log, has no position: 0)
                    if (open == null && h.getNextPosition() > 0) {
                        lastEnd = new BinlogPosition(file, h.getNextPosition());
                        received = lastEnd;
                    }
                }
            }
        }

        private void unknown(BinlogEvents.Header h) {
            switch (h.typeCode()) {
                case 36, 37, 41, 164 -> {
                    // transaction context and view change (group replication), heartbeat v2,
                    // MariaDB's start of encryption: nothing to apply
                }
                case 165, 166, 167, 168, 169, 170, 171 ->
                        fatal(
                                "the source compresses its binary log (MariaDB log_bin_compress=ON) at "
                                        + startOf(h)
                                        + ": SET GLOBAL log_bin_compress = OFF on the source and migrate again",
                                null);
                default ->
                        fatal(
                                "event type "
                                        + h.typeCode()
                                        + " at "
                                        + startOf(h)
                                        + " is unknown to the catch-up: it cannot tell whether it changes data",
                                null);
            }
        }

        private void query(BinlogEvents.Header h, BinlogEvents.Query q)
                throws InterruptedException {
            String text = q.text();
            Statements.Kind kind = Statements.classify(text);
            switch (kind) {
                case BEGIN -> {
                    if (open == null) {
                        open = new Open(startOf(h), null, true);
                    }
                    open.begun = true;
                }
                case COMMIT, ROLLBACK -> commit(h);
                case SAVEPOINT -> {
                    // rows rolled back to a savepoint are not in the log
                }
                case XA -> {
                    if (open != null && !open.changes.isEmpty()) {
                        fatal(
                                "an XA transaction changed migrated tables at "
                                        + open.start
                                        + ": the catch-up does not apply XA transactions",
                                null);
                        return;
                    }
                    commit(h);
                }
                default -> {
                    if (open == null) {
                        open = new Open(startOf(h), null, true);
                    }
                    if ((kind == Statements.Kind.CHANGE || kind == Statements.Kind.TRIGGER_OR_EVENT)
                            && Statements.touches(
                                    q.database(), text, q.updatedDatabases(), databases)
                            && open.statement == null) {
                        open.statement =
                                new SourceTransaction.Statement(
                                        kind,
                                        q.database(),
                                        q.sql(),
                                        text,
                                        q.sqlMode(),
                                        q.charsetId(),
                                        q.collationId());
                    }
                    if (!open.begun) {
                        commit(h);
                    }
                }
            }
        }

        private void rows(
                BinlogEvents.Header h,
                long tableId,
                SourceTransaction.Kind kind,
                BitSet included,
                BitSet includedAfter,
                List<Serializable[]> before,
                List<Serializable[]> after) {
            BinlogEvents.TableMap m = maps.get(tableId);
            if (m == null) {
                fatal(
                        "a row event at "
                                + startOf(h)
                                + " names table id "
                                + tableId
                                + " that no TABLE_MAP named",
                        null);
                return;
            }
            if (!databases.contains(m.database().toLowerCase(java.util.Locale.ROOT))) {
                return;
            }
            int columns = m.types().length;
            if (included.cardinality() != columns
                    || (includedAfter != null && includedAfter.cardinality() != columns)) {
                fatal(
                        "a row event of "
                                + m.database()
                                + "."
                                + m.table()
                                + " at "
                                + startOf(h)
                                + " does not hold every column: the source must log full row images"
                                + " (SET GLOBAL binlog_row_image = 'FULL', then migrate again)",
                        null);
                return;
            }
            if (open == null) {
                open = new Open(startOf(h), null, false);
            }
            open.changes.add(
                    new SourceTransaction.RowsEvent(
                            m.database(), m.table(), columns, kind, before, after));
        }

        private void commit(BinlogEvents.Header h) throws InterruptedException {
            BinlogPosition end = new BinlogPosition(file, h.getNextPosition());
            BinlogPosition start = open == null ? lastEnd : open.start;
            SourceTransaction t =
                    new SourceTransaction(
                            start,
                            end,
                            h.getTimestamp(),
                            open == null ? null : open.gtid,
                            open == null ? List.of() : open.changes,
                            open == null ? null : open.statement);
            open = null;
            // never an unbounded put: close() waits for the client's connect() to return, which
            // runs this listener, so a reader blocked on a full queue that nobody drains any more
            // (the apply failed and is closing this stream) would wait for ever
            while (!queue.offer(t, 100, TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    throw new InterruptedException("the stream is closing");
                }
            }
            lastEnd = end;
            received = end;
            receivedTimestamp = h.getTimestamp();
        }
    }
}
