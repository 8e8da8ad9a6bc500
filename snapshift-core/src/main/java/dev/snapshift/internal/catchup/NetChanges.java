package dev.snapshift.internal.catchup;

import dev.snapshift.internal.jdbc.Sql;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net effect of a group of transactions on the rows of tables whose one unique key is their
 * key, and whose key compares byte for byte (no text column): each row ends absent, or as its last
 * image. Within one target transaction the order of changes to different rows of such a table does
 * not matter (no other unique key can clash on the way; foreign key checks are off, no trigger
 * fires), so the group becomes one multi-row REPLACE and one DELETE per table and kind — however
 * many times a hot row (a counter, an account) changed. Pure; unit-tested as strings.
 *
 * <p>Kinds, which say what each statement's count means: {@code INSERTED} rows were inserted by the
 * source (one that was there already is replaced: counted), {@code UPDATED} rows existed on the
 * source (one that is not there is written anyway: counted), {@code REWRITTEN} rows were deleted
 * and written again (or moved to a new key), {@code DELETED} rows existed (one not there: counted),
 * {@code GONE} rows were inserted and deleted again in the group (deleted in case the target had
 * them).
 */
final class NetChanges {
    enum Kind {
        INSERTED,
        UPDATED,
        REWRITTEN,
        DELETED,
        GONE
    }

    /**
     * A statement and the rows it covers.
     *
     * @param lenient it writes an ENUM error value (index 0): only a non-strict session stores it
     */
    record Net(String sql, Kind kind, int rows, boolean lenient) {}

    private static final class Row {
        Kind kind;
        Serializable[] image;

        Row(Kind kind, Serializable[] image) {
            this.kind = kind;
            this.image = image;
        }
    }

    private final Map<ApplySql, Map<String, Row>> tables = new LinkedHashMap<>();

    /** Whether a table qualifies: one unique key (its key), no text in it. */
    static boolean eligible(ApplyTable t, int uniqueKeys) {
        if (t.fullRowMatch() || uniqueKeys != 1) {
            return false;
        }
        for (int k : t.key()) {
            ApplyTable.Column c = t.columns().get(k);
            if (c.charset() != null && !c.charset().equalsIgnoreCase("binary")) {
                return false;
            }
            if (c.floating() || c.dataType().equals("json")) {
                return false;
            }
        }
        return true;
    }

    void add(ApplySql sql, SourceTransaction.RowsEvent e) {
        Map<String, Row> rows = tables.computeIfAbsent(sql, k -> new LinkedHashMap<>());
        switch (e.kind()) {
            case INSERT -> {
                for (Serializable[] after : e.after()) {
                    put(rows, key(sql.table(), after), Kind.INSERTED, after);
                }
            }
            case DELETE -> {
                for (Serializable[] before : e.before()) {
                    put(rows, key(sql.table(), before), Kind.DELETED, null);
                }
            }
            case UPDATE -> {
                for (int i = 0; i < e.after().size(); i++) {
                    String from = key(sql.table(), e.before().get(i));
                    String to = key(sql.table(), e.after().get(i));
                    if (from.equals(to)) {
                        put(rows, to, Kind.UPDATED, e.after().get(i));
                    } else {
                        put(rows, from, Kind.DELETED, null);
                        put(rows, to, Kind.REWRITTEN, e.after().get(i));
                    }
                }
            }
        }
    }

    /** One more change of a row: what the row's net change becomes. */
    private static void put(Map<String, Row> rows, String key, Kind change, Serializable[] image) {
        Row r = rows.get(key);
        if (r == null) {
            rows.put(key, new Row(change, image));
            return;
        }
        switch (change) {
            case INSERTED, REWRITTEN -> {
                // after a delete, the row is written again
                r.kind = r.kind == Kind.DELETED || r.kind == Kind.GONE ? Kind.REWRITTEN : r.kind;
                r.image = image;
            }
            case UPDATED -> {
                if (r.kind == Kind.DELETED || r.kind == Kind.GONE) {
                    r.kind = Kind.REWRITTEN;
                }
                r.image = image;
            }
            case DELETED -> {
                r.kind = r.kind == Kind.INSERTED ? Kind.GONE : Kind.DELETED;
                r.image = null;
            }
            default -> throw new IllegalArgumentException(change.name());
        }
    }

    /** The key's literals: equal keys (compared byte for byte) give equal strings. */
    static String key(ApplyTable t, Serializable[] row) {
        StringBuilder sb = new StringBuilder();
        for (int k : t.key()) {
            sb.append(Literals.of(t.columns().get(k), row[k])).append('\u0000');
        }
        return sb.toString();
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** The statements, per table: deletes first, then the rows written, each kind on its own. */
    List<Net> statements(int maxRows) {
        List<Net> out = new ArrayList<>();
        for (Map.Entry<ApplySql, Map<String, Row>> t : tables.entrySet()) {
            ApplySql sql = t.getKey();
            for (Kind kind : new Kind[] {Kind.DELETED, Kind.GONE}) {
                List<String> keys = new ArrayList<>();
                t.getValue()
                        .forEach(
                                (k, r) -> {
                                    if (r.kind == kind) {
                                        keys.add(k);
                                    }
                                });
                for (int from = 0; from < keys.size(); from += maxRows) {
                    List<String> part = keys.subList(from, Math.min(keys.size(), from + maxRows));
                    out.add(new Net(delete(sql.table(), part), kind, part.size(), false));
                }
            }
            for (Kind kind : new Kind[] {Kind.INSERTED, Kind.UPDATED, Kind.REWRITTEN}) {
                List<Serializable[]> images = new ArrayList<>();
                t.getValue()
                        .values()
                        .forEach(
                                r -> {
                                    if (r.kind == kind) {
                                        images.add(r.image);
                                    }
                                });
                for (int from = 0; from < images.size(); from += maxRows) {
                    List<Serializable[]> part =
                            images.subList(from, Math.min(images.size(), from + maxRows));
                    out.add(
                            new Net(
                                    sql.insert(part),
                                    kind,
                                    part.size(),
                                    part.stream().anyMatch(sql::needsLenientMode)));
                }
            }
        }
        return out;
    }

    /** {@code DELETE FROM t WHERE k IN (..)}, or {@code (k1, k2) IN ((..), (..))}. */
    private static String delete(ApplyTable t, List<String> keys) {
        StringBuilder sb = new StringBuilder("DELETE FROM ").append(t.quoted()).append(" WHERE ");
        int[] key = t.key();
        if (key.length == 1) {
            sb.append(Sql.quote(t.columns().get(key[0]).name())).append(" IN (");
        } else {
            sb.append('(');
            for (int i = 0; i < key.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(Sql.quote(t.columns().get(key[i]).name()));
            }
            sb.append(") IN (");
        }
        for (int i = 0; i < keys.size(); i++) {
            String[] parts = keys.get(i).split("\u0000", -1);
            sb.append(i == 0 ? "" : ", ");
            if (key.length == 1) {
                sb.append(parts[0]);
            } else {
                sb.append('(');
                for (int p = 0; p < key.length; p++) {
                    sb.append(p == 0 ? "" : ", ").append(parts[p]);
                }
                sb.append(')');
            }
        }
        return sb.append(')').toString();
    }
}
