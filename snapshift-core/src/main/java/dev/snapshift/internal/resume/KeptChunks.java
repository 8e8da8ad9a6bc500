package dev.snapshift.internal.resume;

import dev.snapshift.api.BinlogCoordinates;
import dev.snapshift.internal.catchup.RangeReplay;
import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.state.ChunkLog;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chunks a resume keeps: those committed whole at one point in time, per table either key
 * ranges (merged where they touch) or the whole table (its only chunk, a keyset walk or a table
 * without a usable key). Says which rows the binary log replay applies to, which rows on the target
 * are leftovers of chunks not kept ({@link #gaps}), and which chunks of a new plan are still to
 * copy ({@link #missing}). Pure.
 */
public final class KeptChunks implements RangeReplay.Scope {
    private final BinlogCoordinates at;
    private final Map<String, List<BigInteger[]>> ranges = new HashMap<>();
    private final Set<String> whole = new HashSet<>();
    private final Map<String, long[]> perTable = new LinkedHashMap<>();

    private KeptChunks(BinlogCoordinates at) {
        this.at = at;
    }

    /**
     * The entries recorded at {@code at} for tables of {@code tables} (others are not kept: their
     * rows are deleted and copied again).
     */
    public static KeptChunks of(
            List<ChunkLog.Entry> entries, BinlogCoordinates at, List<TableInfo> tables) {
        KeptChunks k = new KeptChunks(at);
        Set<String> known = new HashSet<>();
        tables.forEach(t -> known.add(id(t.database(), t.name())));
        Map<String, List<BigInteger[]>> raw = new HashMap<>();
        for (ChunkLog.Entry e : entries) {
            String id = id(e.database(), e.table());
            if (!ChunkLog.samePoint(e.at(), at) || !known.contains(id)) {
                continue;
            }
            long[] counts =
                    k.perTable.computeIfAbsent(e.database() + "." + e.table(), x -> new long[2]);
            counts[0]++;
            counts[1] += e.rows();
            if (Chunk.Mode.RANGE.name().equals(e.mode())) {
                raw.computeIfAbsent(id, x -> new ArrayList<>())
                        .add(
                                new BigInteger[] {
                                    new BigInteger(e.lower()), new BigInteger(e.upper())
                                });
            } else {
                k.whole.add(id);
            }
        }
        raw.forEach((id, list) -> k.ranges.put(id, merge(list)));
        return k;
    }

    /** Sorted, with ranges that overlap or touch merged. */
    static List<BigInteger[]> merge(List<BigInteger[]> list) {
        List<BigInteger[]> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(r -> r[0]));
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] r : sorted) {
            BigInteger[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0].compareTo(last[1].add(BigInteger.ONE)) <= 0) {
                if (r[1].compareTo(last[1]) > 0) {
                    last[1] = r[1];
                }
            } else {
                out.add(new BigInteger[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static String id(String database, String table) {
        return database + "\u0000" + table;
    }

    /** The point in time the kept chunks are of. */
    public BinlogCoordinates at() {
        return at;
    }

    public boolean isEmpty() {
        return perTable.isEmpty();
    }

    /** Per table ({@code db.table}): chunks kept, rows they held when copied. */
    public Map<String, long[]> perTable() {
        return perTable;
    }

    public long chunks() {
        return perTable.values().stream().mapToLong(v -> v[0]).sum();
    }

    public long rows() {
        return perTable.values().stream().mapToLong(v -> v[1]).sum();
    }

    @Override
    public boolean whole(String database, String table) {
        return whole.contains(id(database, table));
    }

    /** Whether the table has kept key ranges (not the whole table). */
    public boolean hasRanges(String database, String table) {
        return ranges.containsKey(id(database, table));
    }

    @Override
    public boolean keeps(String database, String table, BigInteger key) {
        List<BigInteger[]> rs = ranges.get(id(database, table));
        if (rs == null) {
            return false;
        }
        int lo = 0;
        int hi = rs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            BigInteger[] r = rs.get(mid);
            if (key.compareTo(r[0]) < 0) {
                hi = mid - 1;
            } else if (key.compareTo(r[1]) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * The key intervals of a table outside its kept ranges, in order: {@code [lo, hi]} inclusive,
     * null for no bound. Empty when the whole table is kept; one unbounded interval when nothing
     * is.
     */
    public List<BigInteger[]> gaps(String database, String table) {
        if (whole(database, table)) {
            return List.of();
        }
        List<BigInteger[]> rs = ranges.get(id(database, table));
        List<BigInteger[]> out = new ArrayList<>();
        if (rs == null) {
            out.add(new BigInteger[] {null, null});
            return out;
        }
        BigInteger from = null;
        for (BigInteger[] r : rs) {
            BigInteger before = r[0].subtract(BigInteger.ONE);
            if (from == null || from.compareTo(before) <= 0) {
                out.add(new BigInteger[] {from, before});
            }
            from = r[1].add(BigInteger.ONE);
        }
        out.add(new BigInteger[] {from, null});
        return out;
    }

    /**
     * The chunks of {@code planned} (a plan at the new point in time) still to copy: ranges cut
     * around the kept ones, none of a table kept whole; renumbered per table.
     */
    public List<Chunk> missing(List<Chunk> planned) {
        Map<TableInfo, List<Chunk>> byTable = new LinkedHashMap<>();
        for (Chunk c : planned) {
            TableInfo t = c.table();
            List<Chunk> out = byTable.computeIfAbsent(t, x -> new ArrayList<>());
            if (whole(t.database(), t.name())) {
                continue;
            }
            List<BigInteger[]> rs = ranges.get(id(t.database(), t.name()));
            if (c.mode() != Chunk.Mode.RANGE || rs == null) {
                out.add(c);
                continue;
            }
            for (BigInteger[] piece :
                    subtract(new BigInteger(c.lower()), new BigInteger(c.upper()), rs)) {
                out.add(
                        new Chunk(
                                t,
                                0,
                                1,
                                Chunk.Mode.RANGE,
                                piece[0].toString(),
                                piece[1].toString(),
                                c.rows()));
            }
        }
        List<Chunk> out = new ArrayList<>();
        byTable.forEach(
                (t, cs) -> {
                    for (int i = 0; i < cs.size(); i++) {
                        Chunk c = cs.get(i);
                        out.add(
                                new Chunk(
                                        t, i, cs.size(), c.mode(), c.lower(), c.upper(), c.rows()));
                    }
                });
        return out;
    }

    /** {@code [lo, hi]} minus the sorted, disjoint {@code ranges}. */
    static List<BigInteger[]> subtract(BigInteger lo, BigInteger hi, List<BigInteger[]> ranges) {
        List<BigInteger[]> out = new ArrayList<>();
        BigInteger from = lo;
        for (BigInteger[] r : ranges) {
            if (r[1].compareTo(from) < 0) {
                continue;
            }
            if (r[0].compareTo(hi) > 0) {
                break;
            }
            if (r[0].compareTo(from) > 0) {
                out.add(new BigInteger[] {from, r[0].subtract(BigInteger.ONE)});
            }
            from = r[1].add(BigInteger.ONE);
            if (from.compareTo(hi) > 0) {
                return out;
            }
        }
        out.add(new BigInteger[] {from, hi});
        return out;
    }

    /** Chunks of a table in a plan, after {@link #missing}. */
    public static Map<TableInfo, Integer> countByTable(List<Chunk> chunks) {
        Map<TableInfo, Integer> out = new LinkedHashMap<>();
        chunks.forEach(c -> out.merge(c.table(), 1, Integer::sum));
        return out;
    }
}
