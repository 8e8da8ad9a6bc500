package dev.snapshift.internal.copy;

import dev.snapshift.internal.plan.Chunk;
import dev.snapshift.internal.schema.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key range one target transaction of the copy covers, as both sides can read it again: from
 * {@code lower} (inclusive or not; null: from the start of the table) up to {@code upper}
 * (inclusive; null: to the end of the table). Key values are the raw bytes the source sent for the
 * key columns, in key order. A table without a key has one range, the whole table.
 */
public record PageRange(
        TableInfo table, byte[][] lower, boolean lowerInclusive, byte[][] upper, String label) {

    /** The whole table (a table without a usable key, or a check of everything). */
    public static PageRange whole(TableInfo table) {
        return new PageRange(table, null, false, null, table.qualifiedName() + " whole table");
    }

    /**
     * The range of one page of {@code chunk}: after {@code after} (null: from the chunk's start) up
     * to {@code last} (null: to the chunk's end; the last page of a chunk reaches its end, so that
     * the chunk's ranges cover it without gaps).
     */
    public static PageRange of(Chunk chunk, byte[][] after, byte[][] last) {
        TableInfo t = chunk.table();
        return switch (chunk.mode()) {
            case WHOLE -> whole(t);
            case RANGE ->
                    new PageRange(
                            t,
                            after != null ? after : new byte[][] {ascii(chunk.lower())},
                            after == null,
                            last != null ? last : new byte[][] {ascii(chunk.upper())},
                            chunk.toString());
            case KEYSET -> new PageRange(t, after, false, last, chunk.toString());
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public boolean isWhole() {
        return lower == null && upper == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageRange p
                && p.table.equals(table)
                && Arrays.deepEquals(p.lower, lower)
                && p.lowerInclusive == lowerInclusive
                && Arrays.deepEquals(p.upper, upper);
    }

    @Override
    public int hashCode() {
        return table.hashCode() * 31 + Arrays.deepHashCode(lower) + Arrays.deepHashCode(upper);
    }

    @Override
    public String toString() {
        return label + " " + bound(lower, lowerInclusive ? "[" : "(") + ".." + bound(upper, "]");
    }

    private static String bound(byte[][] key, String bracket) {
        if (key == null) {
            return bracket.equals("]") ? "end]" : "(start";
        }
        StringBuilder sb = new StringBuilder(bracket.equals("]") ? "" : bracket);
        for (int i = 0; i < key.length; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append(key[i] == null ? "NULL" : new String(key[i], StandardCharsets.UTF_8));
        }
        return bracket.equals("]") ? sb.append(']').toString() : sb.toString();
    }
}
