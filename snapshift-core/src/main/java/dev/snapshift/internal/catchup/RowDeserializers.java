package dev.snapshift.internal.catchup;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * The binlog client's row event deserializers, with exact values for the types whose own decoding
 * loses information: temporal types as the server's text ({@link TemporalValues}), YEAR 0 as 0 (not
 * 1900) and BIT as an unsigned number. Every other type keeps the client's decoding (integers as
 * signed Java numbers, DECIMAL as BigDecimal, strings and blobs as raw bytes, ENUM as its index,
 * SET as its bit mask, JSON as MySQL's binary form).
 */
final class RowDeserializers {
    private RowDeserializers() {}

    /** Marks a type this class leaves to the client. */
    private static final Serializable CLIENT = new Serializable() {};

    static Serializable exact(ColumnType type, int meta, ByteArrayInputStream in)
            throws IOException {
        return switch (type) {
            case DATE -> TemporalValues.date(in.read(3));
            case TIME -> TemporalValues.time(in.readInteger(3));
            case TIME_V2 ->
                    TemporalValues.time2(in.read(3 + TemporalValues.fractionBytes(meta)), meta);
            case TIMESTAMP -> TemporalValues.timestamp(in.readLong(4));
            case TIMESTAMP_V2 ->
                    TemporalValues.timestamp2(
                            in.read(4 + TemporalValues.fractionBytes(meta)), meta);
            case DATETIME -> TemporalValues.datetime(in.readLong(8));
            case DATETIME_V2 ->
                    TemporalValues.datetime2(in.read(5 + TemporalValues.fractionBytes(meta)), meta);
            case YEAR -> TemporalValues.year(in.read());
            case BIT -> {
                int bits = (meta >> 8) * 8 + (meta & 0xFF);
                yield TemporalValues.bigEndian(in.read((bits + 7) / 8), 0, (bits + 7) / 8);
            }
            default -> CLIENT;
        };
    }

    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeCell(
                ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            Serializable v = exact(type, meta, in);
            return v != CLIENT ? v : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeCell(
                ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            Serializable v = exact(type, meta, in);
            return v != CLIENT ? v : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeCell(
                ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            Serializable v = exact(type, meta, in);
            return v != CLIENT ? v : super.deserializeCell(type, meta, length, in);
        }
    }
}
