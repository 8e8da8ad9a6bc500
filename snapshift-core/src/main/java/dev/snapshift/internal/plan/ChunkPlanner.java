package dev.snapshift.internal.plan;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits tables into chunks. A single-column integer key gives ranges that copy in parallel, with
 * boundaries that follow the data (sentinel rows, clusters, random 64-bit ids); any other usable
 * key gives one keyset walk; no key gives one chunk. Chunks are cut by bytes: rows per chunk are
 * the chunk size over the table's row size, sampled inside the snapshot, and at most {@code
 * maxRows}, so a table of 64 MB blobs gets chunks of one row and a table of tiny rows no giant
 * transactions. Ranges and keyset walks are copied in pages of that many rows, so even a wrong
 * estimate never makes a large transaction.
 */
public final class ChunkPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkPlanner.class);

    /** Ranges per table at most, whatever the estimate: each costs at least one indexed read. */
    static final int MAX_RANGES = 100_000;

    private static final Set<String> KEYSET_UNSAFE =
            Set.of("float", "double", "real", "enum", "set", "bit", "json");

    /**
     * Rows read to estimate a table's row size: enough for an average, cheap even for a table of
     * large blobs.
     */
    static final int SIZE_SAMPLE_ROWS = 100;

    private final int maxRows;
    private final long chunkBytes;
    private final KeyExplorer explorer;

    public ChunkPlanner(int maxRows, long chunkBytes) {
        this(maxRows, chunkBytes, new KeyExplorer());
    }

    ChunkPlanner(int maxRows, long chunkBytes, KeyExplorer explorer) {
        this.maxRows = maxRows;
        this.chunkBytes = chunkBytes;
        this.explorer = explorer;
    }

    /** Rows per chunk for rows of this average size in bytes (0: unknown). */
    int rowsPerChunk(long avgRowBytes) {
        if (avgRowBytes <= 0) {
            return maxRows;
        }
        return (int) Math.max(1, Math.min(maxRows, chunkBytes / avgRowBytes));
    }

    /**
     * Average bytes per row of the first rows, as they travel (values' lengths, plus a separator
     * each).
     */
    static long sampledRowBytes(TableInfo table, Connection snapshot) throws SQLException {
        List<ColumnInfo> cols = table.copiedColumns();
        StringBuilder len = new StringBuilder();
        for (ColumnInfo c : cols) {
            len.append(len.length() == 0 ? "" : " + ")
                    .append("IFNULL(LENGTH(")
                    .append(Sql.quote(c.name()))
                    .append("), 2)");
        }
        String avg =
                Jdbc.scalar(
                        snapshot,
                        "SELECT AVG("
                                + (len.length() == 0 ? "0" : len)
                                + ") FROM (SELECT "
                                + Sql.columnList(cols.stream().map(ColumnInfo::name).toList())
                                + " FROM "
                                + Sql.qualified(table.database(), table.name())
                                + " LIMIT "
                                + SIZE_SAMPLE_ROWS
                                + ") s");
        return avg == null ? 0 : (long) Math.ceil(Double.parseDouble(avg)) + cols.size();
    }

    /**
     * Plans the chunks of {@code table} on {@code snapshot}, a session inside the snapshot. A
     * single-column integer key gives ranges that follow the data (see {@link KeyExplorer}), each
     * copied in pages of at most the chunk's rows, one target transaction per page.
     */
    public List<Chunk> plan(TableInfo table, Connection snapshot) throws SQLException {
        List<ColumnInfo> key = table.key();
        int rows = rowsPerChunk(sampledRowBytes(table, snapshot));
        if (key.size() == 1 && key.get(0).isInteger()) {
            return ranges(table, rows, new SqlKeyIndex(table, snapshot));
        }
        if (keysetUsable(key)) {
            return List.of(new Chunk(table, 0, 1, Chunk.Mode.KEYSET, null, null, rows));
        }
        return List.of(new Chunk(table, 0, 1, Chunk.Mode.WHOLE, null, null, rows));
    }

    /**
     * Ranges of about {@code chunkRows} rows each over the keys of {@code index}; one WHOLE chunk
     * when it is empty.
     */
    List<Chunk> ranges(TableInfo table, int chunkRows, KeyIndex index) throws SQLException {
        long started = System.nanoTime();
        KeyRange bounds = index.bounds();
        if (bounds == null) {
            return List.of(new Chunk(table, 0, 1, Chunk.Mode.WHOLE, null, null, chunkRows));
        }
        KeyExplorer.Result found = explorer.explore(index, bounds, chunkRows);
        List<KeyRange> ranges = RangeCutter.cut(found.pieces(), bounds, chunkRows, MAX_RANGES);
        LOG.info(
                "{}: keys {} hold about {} rows: {} range(s) of up to {} rows, planned in {} ms"
                        + " ({} probe statement(s), {} keys read)",
                table.qualifiedName(),
                bounds,
                Math.round(found.rows()),
                ranges.size(),
                chunkRows,
                (System.nanoTime() - started) / 1_000_000,
                found.queries(),
                found.keysRead());
        return chunks(table, chunkRows, ranges);
    }

    static List<Chunk> chunks(TableInfo table, int chunkRows, List<KeyRange> ranges) {
        List<Chunk> out = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            KeyRange r = ranges.get(i);
            out.add(
                    new Chunk(
                            table,
                            i,
                            ranges.size(),
                            Chunk.Mode.RANGE,
                            r.lo().toString(),
                            r.hi().toString(),
                            chunkRows));
        }
        return out;
    }

    /**
     * Keyset paging compares key values as the index orders them; types whose text form does not
     * order so are out.
     */
    static boolean keysetUsable(List<ColumnInfo> key) {
        if (key.isEmpty()) {
            return false;
        }
        for (ColumnInfo c : key) {
            if (KEYSET_UNSAFE.contains(c.dataType().toLowerCase(Locale.ROOT))
                    || c.generated()
                    || (c.kind() == ValueKind.BYTES
                            && !Set.of("binary", "varbinary")
                                    .contains(c.dataType().toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        return true;
    }
}
