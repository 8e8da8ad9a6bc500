package dev.snapshift.internal.catchup;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Event data snapshift decodes itself, where the binlog client's decoding is lossy: names and
 * statements as the server's UTF-8 bytes (the client decodes them with the JVM's default charset),
 * the query's session context (sql_mode, character set, the databases it changed), and the event
 * type's number (the client reports every type it does not know as UNKNOWN).
 */
final class BinlogEvents {
    private BinlogEvents() {}

    /** A header that keeps the event type's number. */
    static final class Header extends EventHeaderV4 {
        private int typeCode;

        int typeCode() {
            return typeCode;
        }
    }

    static final class HeaderDeserializer implements EventHeaderDeserializer<Header> {
        @Override
        public Header deserialize(ByteArrayInputStream in) throws IOException {
            Header h = new Header();
            h.setTimestamp(in.readLong(4) * 1000L);
            h.typeCode = in.readInteger(1);
            EventType type = EventType.byEventNumber(h.typeCode);
            h.setEventType(type == null ? EventType.UNKNOWN : type);
            h.setServerId(in.readLong(4));
            h.setEventLength(in.readLong(4));
            h.setNextPosition(in.readLong(4));
            h.setFlags(in.readInteger(2));
            return h;
        }
    }

    /**
     * A TABLE_MAP event: the table a following row event changes, and its column types.
     *
     * @param types the column types as the binary log writes them (one byte per column)
     */
    record TableMap(long tableId, String database, String table, byte[] types)
            implements EventData {}

    static final class TableMapDeserializer implements EventDataDeserializer<TableMap> {
        @Override
        public TableMap deserialize(ByteArrayInputStream in) throws IOException {
            long id = in.readLong(6);
            in.skip(2);
            String db = utf8(in.read(in.read()));
            in.skip(1);
            String table = utf8(in.read(in.read()));
            in.skip(1);
            int columns = in.readPackedInteger();
            byte[] types = in.read(columns);
            in.skip(in.available());
            return new TableMap(id, db, table, types);
        }
    }

    /**
     * A QUERY event.
     *
     * @param sql the statement's bytes as the source logged them, in {@code charsetId}'s encoding
     * @param sqlMode the session's sql_mode bits, or -1 when not logged
     * @param charsetId the session's character_set_client id, or -1 when not logged
     * @param collationId the session's collation_connection id, or -1
     * @param updatedDatabases the databases the statement changed, when the server logged them
     *     (MySQL), else empty
     */
    record Query(
            String database,
            byte[] sql,
            long sqlMode,
            int charsetId,
            int collationId,
            List<String> updatedDatabases)
            implements EventData {
        /** The statement as text, for matching and messages (assumes UTF-8, else lossy). */
        String text() {
            return new String(sql, StandardCharsets.UTF_8);
        }
    }

    static final class QueryDeserializer implements EventDataDeserializer<Query> {
        @Override
        public Query deserialize(ByteArrayInputStream in) throws IOException {
            in.skip(8); // thread id, execution time
            int dbLength = in.read();
            in.skip(2); // error code
            int varsLength = in.readInteger(2);
            byte[] vars = in.read(varsLength);
            String db = utf8(in.read(dbLength));
            in.skip(1);
            byte[] sql = in.read(in.available());
            StatusVars v = StatusVars.parse(vars);
            return new Query(db, sql, v.sqlMode, v.charsetId, v.collationId, v.updatedDatabases);
        }
    }

    /** The few status variables of a QUERY event that matter for running its statement again. */
    static final class StatusVars {
        long sqlMode = -1;
        int charsetId = -1;
        int collationId = -1;
        final List<String> updatedDatabases = new ArrayList<>();

        /**
         * Reads the known codes in order; stops at the first code it does not know (its length is
         * unknown), keeping what it has.
         */
        static StatusVars parse(byte[] b) {
            StatusVars v = new StatusVars();
            int i = 0;
            while (i < b.length) {
                int code = b[i++] & 0xFF;
                int skip;
                switch (code) {
                    case 0, 3, 10 -> skip = 4; // flags2, auto_increment, master data written
                    case 1 -> {
                        v.sqlMode = little(b, i, 8);
                        skip = 8;
                    }
                    case 2 -> skip = 1 + (b[i] & 0xFF) + 1; // catalog (old)
                    case 4 -> {
                        v.charsetId = (int) little(b, i, 2);
                        v.collationId = (int) little(b, i + 2, 2);
                        skip = 6;
                    }
                    case 5, 6 -> skip = 1 + (b[i] & 0xFF); // time zone, catalog
                    case 7, 8, 18 -> skip = 2; // lc_time_names, charset_database, utf8mb4 collation
                    case 9, 17, 129 -> skip = 8; // table map for update, ddl xid, MariaDB xid
                    case 11 -> {
                        int user = b[i] & 0xFF;
                        skip = 1 + user + 1 + (b[i + 1 + user] & 0xFF);
                    }
                    case 12 -> {
                        int count = b[i] & 0xFF;
                        int j = i + 1;
                        if (count != 254) {
                            for (int n = 0; n < count; n++) {
                                int end = j;
                                while (end < b.length && b[end] != 0) {
                                    end++;
                                }
                                v.updatedDatabases.add(
                                        new String(b, j, end - j, StandardCharsets.UTF_8));
                                j = end + 1;
                            }
                        }
                        skip = j - i;
                    }
                    case 13, 128 -> skip = 3; // microseconds, MariaDB hrnow
                    case 16, 19, 20 -> skip = 1;
                    default -> {
                        return v;
                    }
                }
                i += skip;
            }
            return v;
        }

        private static long little(byte[] b, int offset, int length) {
            long v = 0;
            for (int k = length - 1; k >= 0; k--) {
                v = (v << 8) | (b[offset + k] & 0xFF);
            }
            return v;
        }
    }

    /** Refuses compressed transaction payloads (MySQL binlog_transaction_compression=ON). */
    static final class RefusePayload implements EventDataDeserializer<EventData> {
        @Override
        public EventData deserialize(ByteArrayInputStream in) throws IOException {
            throw new IOException(
                    "the source compresses its binary log transactions (binlog_transaction_compression=ON),"
                            + " which the catch-up cannot read: SET GLOBAL binlog_transaction_compression = OFF on the"
                            + " source (it applies to new sessions) and start the migration again");
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
