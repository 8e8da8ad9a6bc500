package dev.snapshift.internal.resume;

import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.TableInfo;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that remove from the target every row of a table outside its kept chunks: pages of
 * chunks cut short by the loss (committed, but their chunk never finished), which the copy at the
 * new point in time writes again. Pure; unit-tested as strings.
 */
final class Leftovers {
    private Leftovers() {}

    /** Deletes the rows of one chunk. */
    static String chunk(dev.snapshift.internal.plan.Chunk c) {
        TableInfo t = c.table();
        String table = Sql.qualified(t.database(), t.name());
        if (c.mode() != dev.snapshift.internal.plan.Chunk.Mode.RANGE) {
            return "DELETE FROM " + table;
        }
        return "DELETE FROM "
                + table
                + " WHERE "
                + Sql.quote(t.key().get(0).name())
                + " BETWEEN "
                + new BigInteger(c.lower())
                + " AND "
                + new BigInteger(c.upper());
    }

    static List<String> statements(TableInfo t, KeptChunks kept) {
        String table = Sql.qualified(t.database(), t.name());
        if (kept.whole(t.database(), t.name())) {
            return List.of();
        }
        if (!kept.hasRanges(t.database(), t.name())) {
            return List.of("DELETE FROM " + table);
        }
        String key = Sql.quote(t.key().get(0).name());
        List<String> out = new ArrayList<>();
        for (BigInteger[] gap : kept.gaps(t.database(), t.name())) {
            String where;
            if (gap[0] == null) {
                where = key + " <= " + gap[1];
            } else if (gap[1] == null) {
                where = key + " >= " + gap[0];
            } else {
                where = key + " BETWEEN " + gap[0] + " AND " + gap[1];
            }
            out.add("DELETE FROM " + table + " WHERE " + where);
        }
        return out;
    }
}
