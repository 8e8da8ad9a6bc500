package dev.snapshift.internal.plan;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits tables into chunks. A single-column integer key gives ranges that copy in parallel; any other usable key
 * gives one keyset walk; no key gives one chunk. Chunks are cut by bytes: rows per chunk are the chunk size over the
 * table's row size, sampled inside the snapshot, and at most {@code maxRows}, so a table of 64 MB blobs gets chunks
 * of one row and a table of tiny rows no giant transactions.
 */
public final class ChunkPlanner {
    static final int MAX_RANGES = 100_000;
    static final int SAMPLES = 16;
    /** Widest key window counted per sample: planning reads at most SAMPLES x this many index entries a table. */
    static final int SAMPLE_WINDOW = 2_000;
    private static final Set<String> KEYSET_UNSAFE = Set.of("float", "double", "real", "enum", "set", "bit", "json");

    /** Rows read to estimate a table's row size: enough for an average, cheap even for a table of large blobs. */
    static final int SIZE_SAMPLE_ROWS = 100;

    private final int maxRows;
    private final long chunkBytes;

    public ChunkPlanner(int maxRows, long chunkBytes) {
        this.maxRows = maxRows;
        this.chunkBytes = chunkBytes;
    }

    /** Rows per chunk for rows of this average size in bytes (0: unknown). */
    int rowsPerChunk(long avgRowBytes) {
        if (avgRowBytes <= 0) {
            return maxRows;
        }
        return (int) Math.max(1, Math.min(maxRows, chunkBytes / avgRowBytes));
    }

    /** Average bytes per row of the first rows, as they travel (values' lengths, plus a separator each). */
    static long sampledRowBytes(TableInfo table, Connection snapshot) throws SQLException {
        List<ColumnInfo> cols = table.copiedColumns();
        StringBuilder len = new StringBuilder();
        for (ColumnInfo c : cols) {
            len.append(len.length() == 0 ? "" : " + ").append("IFNULL(LENGTH(").append(Sql.quote(c.name())).append("), 2)");
        }
        String avg = Jdbc.scalar(snapshot, "SELECT AVG(" + (len.length() == 0 ? "0" : len) + ") FROM (SELECT "
                + Sql.columnList(cols.stream().map(ColumnInfo::name).toList()) + " FROM "
                + Sql.qualified(table.database(), table.name()) + " LIMIT " + SIZE_SAMPLE_ROWS + ") s");
        return avg == null ? 0 : (long) Math.ceil(Double.parseDouble(avg)) + cols.size();
    }

    /** Reads MIN/MAX of integer keys on {@code snapshot}, a session inside the snapshot. */
    public List<Chunk> plan(TableInfo table, Connection snapshot) throws SQLException {
        List<ColumnInfo> key = table.key();
        int rows = rowsPerChunk(sampledRowBytes(table, snapshot));
        if (key.size() == 1 && key.get(0).isInteger()) {
            String k = Sql.quote(key.get(0).name());
            List<String[]> mm = Jdbc.query(snapshot, "SELECT MIN(" + k + "), MAX(" + k + ") FROM "
                    + Sql.qualified(table.database(), table.name()), rs -> new String[]{rs.getString(1), rs.getString(2)});
            String min = mm.get(0)[0];
            String max = mm.get(0)[1];
            if (min == null) {
                return List.of(new Chunk(table, 0, 1, Chunk.Mode.WHOLE, null, null, rows));
            }
            BigInteger lo = new BigInteger(min);
            BigInteger hi = new BigInteger(max);
            return ranges(rows, table, lo, hi, rowsInRange(table, k, lo, hi, rows, snapshot));
        }
        if (keysetUsable(key)) {
            return List.of(new Chunk(table, 0, 1, Chunk.Mode.KEYSET, null, null, rows));
        }
        return List.of(new Chunk(table, 0, 1, Chunk.Mode.WHOLE, null, null, rows));
    }

    /**
     * Rows in [min, max], estimated by counting rows in up to {@value #SAMPLES} evenly spaced key windows of
     * {@value #SAMPLE_WINDOW} (or chunkRows) width (an exact count when the whole span is that small). Table statistics are not used: InnoDB
     * says 0 or far too few rows for tables it has not analysed lately, and caps the optimizer's range estimates by
     * the same statistics. Each window reads at most that many index entries inside the snapshot.
     */
    private static long rowsInRange(TableInfo table, String key, BigInteger min, BigInteger max, int chunkRows,
                                    Connection snapshot) throws SQLException {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger window = BigInteger.valueOf(Math.min(chunkRows, SAMPLE_WINDOW));
        String from = " FROM " + Sql.qualified(table.database(), table.name()) + " WHERE " + key + " BETWEEN ";
        if (span.compareTo(window.multiply(BigInteger.valueOf(SAMPLES))) <= 0) {
            return Long.parseLong(Jdbc.scalar(snapshot, "SELECT COUNT(*)" + from + min + " AND " + max));
        }
        BigInteger step = span.divide(BigInteger.valueOf(SAMPLES));
        long counted = 0;
        for (int i = 0; i < SAMPLES; i++) {
            BigInteger lo = min.add(step.multiply(BigInteger.valueOf(i)));
            counted += Long.parseLong(Jdbc.scalar(snapshot, "SELECT COUNT(*)" + from + lo + " AND " + lo.add(window).subtract(BigInteger.ONE)));
        }
        BigInteger estimate = span.multiply(BigInteger.valueOf(counted)).divide(window.multiply(BigInteger.valueOf(SAMPLES)));
        return estimate.min(BigInteger.valueOf(Long.MAX_VALUE / 2)).longValue();
    }

    /** Ranges of width at least chunkRows covering [min, max]: about rows/chunkRows of them. */
    static List<Chunk> ranges(int chunkRows, TableInfo table, BigInteger min, BigInteger max, long estimatedRows) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        long wanted = Math.max(1, Math.min(MAX_RANGES, (estimatedRows + chunkRows - 1) / chunkRows));
        BigInteger width = ceilDiv(span, BigInteger.valueOf(wanted)).max(BigInteger.valueOf(chunkRows));
        int count = ceilDiv(span, width).intValueExact();
        List<Chunk> out = new ArrayList<>(count);
        BigInteger lo = min;
        for (int i = 0; i < count; i++) {
            BigInteger hi = lo.add(width).subtract(BigInteger.ONE).min(max);
            out.add(new Chunk(table, i, count, Chunk.Mode.RANGE, lo.toString(), hi.toString(), chunkRows));
            lo = hi.add(BigInteger.ONE);
        }
        return out;
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** Keyset paging compares key values as the index orders them; types whose text form does not order so are out. */
    static boolean keysetUsable(List<ColumnInfo> key) {
        if (key.isEmpty()) {
            return false;
        }
        for (ColumnInfo c : key) {
            if (KEYSET_UNSAFE.contains(c.dataType().toLowerCase(Locale.ROOT)) || c.generated()
                    || (c.kind() == ValueKind.BYTES && !Set.of("binary", "varbinary").contains(c.dataType().toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        return true;
    }
}
