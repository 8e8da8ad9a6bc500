package dev.snapshift.internal.verify;

import dev.snapshift.api.VerifyResult;
import dev.snapshift.internal.copy.PageCheck;
import dev.snapshift.internal.copy.PageRange;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * One table compared on both sides: what is compared (the source's stored columns the target also
 * has, the source's key when the target has all its columns) and what was found, chunk by chunk.
 * Thread-safe: workers report concurrently.
 */
final class TableComparison {
    /** The table as compared: its columns and key, named as the source names them. */
    final TableInfo table;

    /** The source's estimate of its rows, for progress. */
    final long estimatedRows;

    private long sourceRows;
    private long targetRows;
    private int chunks;
    private int settled;
    private final List<PageRange> differing = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private long differingRows;
    private String note;
    private boolean notCompared;

    TableComparison(TableInfo table, long estimatedRows) {
        this.table = table;
        this.estimatedRows = estimatedRows;
    }

    /**
     * What to compare of {@code source} given the target's version of it: stored columns on both
     * sides (virtual generated ones are definitions, compared with the schema), and the key only
     * when the target has every key column (else the table is compared whole, as a multiset).
     */
    static TableComparison of(TableInfo source, TableInfo target) {
        List<String> targetColumns = target.columns().stream().map(ColumnInfo::name).toList();
        List<ColumnInfo> columns =
                source.columns().stream()
                        .filter(c -> !c.virtual() && targetColumns.contains(c.name()))
                        .toList();
        boolean keyed = columns.containsAll(source.key());
        TableInfo compared =
                new TableInfo(
                        source.database(),
                        source.name(),
                        source.engine(),
                        source.estimatedRows(),
                        source.dataLength(),
                        columns,
                        keyed ? source.key() : List.of(),
                        keyed ? source.keyIndex() : null,
                        source.type(),
                        source.collation());
        TableComparison t = new TableComparison(compared, source.estimatedRows());
        if (!keyed && !source.key().isEmpty()) {
            t.note(
                    "a key column is missing on the target: the table was compared whole, as a multiset");
        }
        return t;
    }

    /** The columns digested: every compared column (generated stored ones too). */
    List<ColumnInfo> columns() {
        return table.columns();
    }

    synchronized void compared(PageRange range, PageCheck.Digest source, PageCheck.Digest target) {
        chunks++;
        sourceRows += source.rows();
        targetRows += target.rows();
        if (!source.equals(target)) {
            differing.add(range);
        }
    }

    synchronized List<PageRange> differing() {
        return List.copyOf(differing);
    }

    /** A differing range compared equal on a re-check: the difference was in flight. */
    synchronized void settled(PageRange range) {
        differing.remove(range);
        settled++;
    }

    synchronized void differences(PageCheck.Differences d, int maxKeys) {
        differingRows += d.count();
        for (String k : d.keys()) {
            if (keys.size() < maxKeys) {
                keys.add(k);
            }
        }
    }

    synchronized void note(String n) {
        note = note == null ? n : note + "; " + n;
    }

    /** The comparison of this table could not run (the reason is its note). */
    synchronized void notCompared(String why) {
        notCompared = true;
        note("not compared: " + why);
    }

    synchronized boolean failed() {
        return notCompared;
    }

    synchronized VerifyResult.TableResult result() {
        VerifyResult.Outcome outcome =
                failed()
                        ? VerifyResult.Outcome.NOT_COMPARED
                        : differing.isEmpty()
                                ? VerifyResult.Outcome.EQUAL
                                : VerifyResult.Outcome.DIFFERENT;
        return new VerifyResult.TableResult(
                table.database(),
                table.name(),
                outcome,
                sourceRows,
                targetRows,
                chunks,
                differing.size(),
                settled,
                differingRows,
                keys,
                note);
    }
}
