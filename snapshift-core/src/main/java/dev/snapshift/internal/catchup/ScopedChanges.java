package dev.snapshift.internal.catchup;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a row event that falls inside the key ranges a resume kept ({@link
 * RangeReplay.Scope}): the binary log between two points in time, applied to those ranges only,
 * brings them from the first point to the second, and touches no row outside them. An update whose
 * key leaves the ranges becomes a delete of its old key; one whose key enters them, an insert (a
 * REPLACE) of its new image; one that stays outside is dropped. Order is kept. Pure.
 */
final class ScopedChanges {
    private ScopedChanges() {}

    /** {@code e}'s changes inside the scope, in order (empty: none). */
    static List<SourceTransaction.RowsEvent> filter(
            SourceTransaction.RowsEvent e, ApplyTable t, RangeReplay.Scope scope) {
        if (scope.whole(t.database(), t.name())) {
            return List.of(e);
        }
        if (t.key().length != 1) {
            return List.of(); // only single-column integer keys have ranges
        }
        int k = t.key()[0];
        ApplyTable.Column column = t.columns().get(k);
        List<SourceTransaction.RowsEvent> out = new ArrayList<>();
        Builder b = new Builder(e, out);
        switch (e.kind()) {
            case INSERT -> {
                for (Serializable[] row : e.after()) {
                    if (inside(scope, t, column, row[k])) {
                        b.add(SourceTransaction.Kind.INSERT, null, row);
                    }
                }
            }
            case DELETE -> {
                for (Serializable[] row : e.before()) {
                    if (inside(scope, t, column, row[k])) {
                        b.add(SourceTransaction.Kind.DELETE, row, null);
                    }
                }
            }
            case UPDATE -> {
                for (int i = 0; i < e.after().size(); i++) {
                    Serializable[] before = e.before().get(i);
                    Serializable[] after = e.after().get(i);
                    boolean was = inside(scope, t, column, before[k]);
                    boolean is = inside(scope, t, column, after[k]);
                    if (was && is) {
                        b.add(SourceTransaction.Kind.UPDATE, before, after);
                    } else if (was) {
                        b.add(SourceTransaction.Kind.DELETE, before, null);
                    } else if (is) {
                        b.add(SourceTransaction.Kind.INSERT, null, after);
                    }
                }
            }
        }
        b.flush();
        return out;
    }

    private static boolean inside(
            RangeReplay.Scope scope, ApplyTable t, ApplyTable.Column c, Serializable v) {
        if (v == null) {
            return false;
        }
        BigInteger key;
        try {
            key = new BigInteger(Literals.of(c, v));
        } catch (NumberFormatException notInteger) {
            return false;
        }
        return scope.keeps(t.database(), t.name(), key);
    }

    /** Runs of one kind become one event each. */
    private static final class Builder {
        private final SourceTransaction.RowsEvent source;
        private final List<SourceTransaction.RowsEvent> out;
        private SourceTransaction.Kind kind;
        private List<Serializable[]> before = new ArrayList<>();
        private List<Serializable[]> after = new ArrayList<>();

        Builder(SourceTransaction.RowsEvent source, List<SourceTransaction.RowsEvent> out) {
            this.source = source;
            this.out = out;
        }

        void add(SourceTransaction.Kind k, Serializable[] b, Serializable[] a) {
            if (kind != k) {
                flush();
                kind = k;
            }
            if (b != null) {
                before.add(b);
            }
            if (a != null) {
                after.add(a);
            }
        }

        void flush() {
            if (kind != null && (!before.isEmpty() || !after.isEmpty())) {
                out.add(
                        new SourceTransaction.RowsEvent(
                                source.database(),
                                source.table(),
                                source.columnCount(),
                                kind,
                                kind == SourceTransaction.Kind.INSERT ? null : before,
                                kind == SourceTransaction.Kind.DELETE ? null : after));
            }
            kind = null;
            before = new ArrayList<>();
            after = new ArrayList<>();
        }
    }
}
