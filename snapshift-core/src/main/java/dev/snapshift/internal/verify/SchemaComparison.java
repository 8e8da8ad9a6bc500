package dev.snapshift.internal.verify;

import dev.snapshift.api.VerifyResult.SchemaDifference;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.schema.NameFolding;
import dev.snapshift.internal.schema.ServerCapabilities;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the definitions of one database on two servers, attribute by attribute from
 * information_schema: tables (engine, collation, columns, indexes, foreign keys), views, routines,
 * triggers and events. Ignores what a migration changes on purpose, and says so in the notes:
 * AUTO_INCREMENT counters, integer display widths (gone in 8.0, also in routine parameters and
 * return types), {@code utf8} spelled {@code utf8mb3}, foreign key rules RESTRICT and NO ACTION
 * (alike in InnoDB), events created DISABLED until cutover, definers the target user could not set,
 * and a generated invisible primary key added by the target ({@code my_row_id}). Definition texts
 * the server rewrites (views, generation expressions, defaults) are compared only between servers
 * of the same product and version, which print them the same way.
 */
final class SchemaComparison {
    /** The name MySQL gives the primary key it adds itself (sql_generate_invisible_primary_key). */
    static final String INVISIBLE_KEY = "my_row_id";

    private final Connection source;
    private final Connection target;
    private final boolean sameServerKind;

    /**
     * The target stores names in lower case (lower_case_table_names=1, as on Azure) and the source
     * does not: database and table names are compared folded.
     */
    private final NameFolding folding;

    /** Engines and collations the target knows: a source's other one was changed perforce. */
    private final java.util.Set<String> targetEngines;

    private final java.util.Set<String> targetCollations;
    private final List<SchemaDifference> differences = new ArrayList<>();
    private final TreeSet<String> notes = new TreeSet<>();

    SchemaComparison(
            Connection source, ServerInfo sourceInfo, Connection target, ServerInfo targetInfo)
            throws SQLException {
        this.source = source;
        this.target = target;
        NameFolding targetFolding = NameFolding.of(target);
        this.folding =
                targetFolding.folds() && !NameFolding.of(source).folds() ? targetFolding : null;
        this.targetEngines = ServerCapabilities.usableEngines(target);
        this.targetCollations = ServerCapabilities.collations(target);
        this.sameServerKind =
                sourceInfo.mariaDb() == targetInfo.mariaDb()
                        && sourceInfo.major() == targetInfo.major()
                        && sourceInfo.minor() == targetInfo.minor();
        if (!sameServerKind) {
            notes.add(
                    "definition texts that servers rewrite (views, column defaults, generation expressions) were"
                            + " not compared: "
                            + sourceInfo.product()
                            + " and "
                            + targetInfo.product()
                            + " print them differently");
        }
    }

    /** The name of database or table {@code name} on the target. */
    String onTarget(String name) {
        return folding == null ? name : folding.fold(name);
    }

    /** A map keyed by table name (or table name, NUL, rest), its table names folded. */
    private Map<String, Map<String, String>> folded(Map<String, Map<String, String>> m) {
        if (folding == null) {
            return m;
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        m.forEach(
                (k, v) -> {
                    int cut = k.indexOf('\u0000');
                    out.put(
                            cut < 0
                                    ? folding.fold(k)
                                    : folding.fold(k.substring(0, cut)) + k.substring(cut),
                            v);
                });
        return out;
    }

    List<SchemaDifference> differences() {
        return differences;
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    private void differ(String object, String what) {
        differences.add(new SchemaDifference(object, what));
    }

    /** Compares one database present on both sides. */
    void compare(String db) throws SQLException {
        String tdb = onTarget(db);
        compareAttributes("database " + db, database(source, db), database(target, tdb));
        Map<String, Map<String, String>> st = folded(tables(source, db));
        Map<String, Map<String, String>> tt = tables(target, tdb);
        compareObjects("table", db, st, tt);
        Map<String, Map<String, String>> sc = folded(columns(source, db));
        Map<String, Map<String, String>> tc = columns(target, tdb);
        for (String table : st.keySet()) {
            if (tt.containsKey(table)) {
                compareColumns(db, table, sc, tc);
            }
        }
        compareGrouped(
                "index", db, folded(indexes(source, db)), indexes(target, tdb), st.keySet(), tt);
        compareGrouped(
                "foreign key",
                db,
                folded(foreignKeys(source, db)),
                foreignKeys(target, tdb),
                st.keySet(),
                tt);
        compareObjects("view", db, folded(views(source, db)), views(target, tdb));
        compareObjects("routine", db, routines(source, db), routines(target, tdb));
        compareObjects("trigger", db, triggers(source, db), triggers(target, tdb));
        compareObjects("event", db, events(source, db), events(target, tdb));
    }

    /** Objects of a kind present on one side only, and attributes that differ. */
    private void compareObjects(
            String kind,
            String db,
            Map<String, Map<String, String>> s,
            Map<String, Map<String, String>> t) {
        for (String name : s.keySet()) {
            if (!t.containsKey(name)) {
                differ(kind + " " + db + "." + name, "missing on the target");
            } else {
                compareAttributes(kind + " " + db + "." + name, s.get(name), t.get(name));
            }
        }
        for (String name : t.keySet()) {
            if (!s.containsKey(name)) {
                differ(kind + " " + db + "." + name, "only on the target");
            }
        }
    }

    private void compareAttributes(String object, Map<String, String> s, Map<String, String> t) {
        for (Map.Entry<String, String> e : s.entrySet()) {
            String attr = e.getKey();
            String sv = e.getValue();
            String tv = t.get(attr);
            if (Objects.equals(sv, tv)) {
                continue;
            }
            if (folding != null
                    && sv != null
                    && sv.equalsIgnoreCase(tv)
                    && (attr.equals("definition") || attr.equals("event"))) {
                // the target rewrote the names it stores in lower case (lower_case_table_names=1)
                notes.add(
                        "view and trigger texts compared without case: the target stores names in lower case");
                continue;
            }
            if (attr.equals("status") && "ENABLED".equals(sv) && "DISABLED".equals(tv)) {
                notes.add(
                        "events are created DISABLED by a migration (they must not run twice before cutover):"
                                + " enable them at cutover");
            } else if (attr.equals("engine")
                    && sv != null
                    && !targetEngines.contains(sv.toUpperCase(Locale.ROOT))) {
                notes.add(
                        object
                                + ": engine "
                                + sv
                                + " on the source, "
                                + tv
                                + " on the target, which does not take "
                                + sv);
            } else if (attr.equals("collation")
                    && sv != null
                    && !targetCollations.contains(sv.toLowerCase(Locale.ROOT))
                    && !targetCollations.contains(charset(sv))) {
                notes.add(
                        object
                                + ": collation "
                                + sv
                                + " on the source, "
                                + tv
                                + " on the target, which does not know "
                                + sv);
            } else if (attr.equals("definer")) {
                notes.add(
                        object
                                + ": definer "
                                + sv
                                + " on the source, "
                                + tv
                                + " on the target (the migration uses the target user when it may not set another)");
            } else {
                differ(
                        object,
                        attr + ": " + show(sv) + " on the source, " + show(tv) + " on the target");
            }
        }
    }

    private static String show(String v) {
        if (v == null) {
            return "none";
        }
        String one = v.replaceAll("\\s+", " ").strip();
        return "'" + (one.length() > 120 ? one.substring(0, 120) + "..." : one) + "'";
    }

    private void compareColumns(
            String db,
            String table,
            Map<String, Map<String, String>> source,
            Map<String, Map<String, String>> target) {
        String prefix = table + "\u0000";
        Map<String, Map<String, String>> s = subMap(source, prefix);
        Map<String, Map<String, String>> t = subMap(target, prefix);
        String object = "table " + db + "." + table;
        for (String col : s.keySet()) {
            if (!t.containsKey(col)) {
                differ(object, "column " + col + " missing on the target");
            } else {
                compareAttributes(object + " column " + col, s.get(col), t.get(col));
            }
        }
        for (String col : t.keySet()) {
            if (s.containsKey(col)) {
                continue;
            }
            if (col.equals(INVISIBLE_KEY)
                    && t.get(col).getOrDefault("extra", "").contains("invisible")) {
                notes.add(
                        object
                                + ": the target added the invisible primary key "
                                + INVISIBLE_KEY
                                + " (sql_generate_invisible_primary_key); not compared");
            } else {
                differ(object, "column " + col + " only on the target");
            }
        }
        List<String> sOrder = new ArrayList<>(s.keySet());
        List<String> tOrder = new ArrayList<>(t.keySet());
        tOrder.retainAll(sOrder);
        List<String> common = new ArrayList<>(sOrder);
        common.retainAll(tOrder);
        if (!common.equals(tOrder)) {
            differ(object, "columns in another order on the target: " + tOrder);
        }
    }

    private static Map<String, Map<String, String>> subMap(
            Map<String, Map<String, String>> all, String prefix) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        all.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix)) {
                        out.put(k.substring(prefix.length()), v);
                    }
                });
        return out;
    }

    /** Indexes or foreign keys, per table: a table present on both sides compares them. */
    private void compareGrouped(
            String kind,
            String db,
            Map<String, Map<String, String>> source,
            Map<String, Map<String, String>> target,
            java.util.Set<String> sourceTables,
            Map<String, Map<String, String>> targetTables) {
        for (String table : sourceTables) {
            if (!targetTables.containsKey(table)) {
                continue;
            }
            String prefix = table + "\u0000";
            Map<String, Map<String, String>> s = subMap(source, prefix);
            Map<String, Map<String, String>> t = subMap(target, prefix);
            if (kind.equals("index")
                    && !s.containsKey("PRIMARY")
                    && t.containsKey("PRIMARY")
                    && t.get("PRIMARY").get("definition").contains("(" + INVISIBLE_KEY + ")")) {
                t.remove("PRIMARY");
            }
            for (String name : s.keySet()) {
                String object = "table " + db + "." + table + " " + kind + " " + name;
                if (!t.containsKey(name)) {
                    differ(object, "missing on the target");
                } else {
                    compareAttributes(object, s.get(name), t.get(name));
                }
            }
            for (String name : t.keySet()) {
                if (!s.containsKey(name)) {
                    differ(
                            "table " + db + "." + table + " " + kind + " " + name,
                            "only on the target");
                }
            }
        }
    }

    // ---- what each server says, normalized ----

    private static final Pattern INT_WIDTH =
            Pattern.compile("\\b(tinyint|smallint|mediumint|int|bigint|year)\\(\\d+\\)");

    /**
     * A column type without what 8.0 no longer prints: integer display widths (kept with ZEROFILL
     * and for tinyint(1), as 8.0 keeps them).
     */
    static String columnType(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("zerofill") || t.startsWith("tinyint(1)")) {
            return t;
        }
        return INT_WIDTH.matcher(t).replaceAll("$1");
    }

    /**
     * Types in a routine's parameter list or return type without integer display widths (5.7 prints
     * {@code int(11)}, 8.0 {@code int}); {@code tinyint(1)} and ZEROFILL types are kept, as 8.0
     * keeps them.
     */
    static String routineTypes(String types) {
        if (types == null) {
            return null;
        }
        String t = types.toLowerCase(Locale.ROOT);
        Matcher m = INT_WIDTH_OF_ONE_TYPE.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String type = m.group();
            m.appendReplacement(
                    sb,
                    Matcher.quoteReplacement(
                            type.startsWith("tinyint(1)") || type.contains("zerofill")
                                    ? type
                                    : type.replaceFirst("\\(\\d+\\)", "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static final Pattern INT_WIDTH_OF_ONE_TYPE =
            Pattern.compile(
                    "\\b(tinyint|smallint|mediumint|int|bigint|year)\\(\\d+\\)( unsigned)?( zerofill)?");

    /**
     * A foreign key rule: InnoDB treats RESTRICT and NO ACTION alike, and a 5.7 source's SHOW
     * CREATE TABLE leaves RESTRICT out, which an 8.0 target then reports as NO ACTION.
     */
    static String foreignKeyRule(String rule) {
        return "RESTRICT".equalsIgnoreCase(rule) ? "NO ACTION" : rule;
    }

    /** {@code utf8} and {@code utf8mb3} name one character set (8.0 prints the latter). */
    static String charset(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("utf8") || n.startsWith("utf8_") ? n.replaceFirst("^utf8", "utf8mb3") : n;
    }

    /** EXTRA without what only says how 8.0 stores a default (DEFAULT_GENERATED). */
    static String extra(String extra) {
        if (extra == null) {
            return "";
        }
        return extra.toLowerCase(Locale.ROOT)
                .replace("default_generated", "")
                .replace("current_timestamp()", "current_timestamp")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private Map<String, String> database(Connection c, String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (String[] r :
                Jdbc.query(
                        c,
                        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                                + " WHERE SCHEMA_NAME = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2)},
                        db)) {
            out.put("character set", charset(r[0]));
            out.put("collation", charset(r[1]));
        }
        return out;
    }

    private Map<String, Map<String, String>> tables(Connection c, String db) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Jdbc.query(
                c,
                "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE', 'SYSTEM VERSIONED')",
                rs -> {
                    Map<String, String> a = new TreeMap<>();
                    a.put("engine", rs.getString(2));
                    a.put("collation", charset(rs.getString(3)));
                    return out.put(rs.getString(1), a);
                },
                db);
        return out;
    }

    private Map<String, Map<String, String>> columns(Connection c, String db) throws SQLException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Jdbc.query(
                c,
                "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, CHARACTER_SET_NAME,"
                        + " COLLATION_NAME, EXTRA, GENERATION_EXPRESSION FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION",
                rs -> {
                    Map<String, String> a = new TreeMap<>();
                    a.put("type", columnType(rs.getString(3)));
                    a.put("nullable", rs.getString(4));
                    a.put("character set", charset(rs.getString(6)));
                    a.put("collation", charset(rs.getString(7)));
                    a.put("extra", extra(rs.getString(8)));
                    if (sameServerKind) {
                        a.put("default", rs.getString(5));
                        a.put("generated as", rs.getString(9));
                    }
                    return out.put(rs.getString(1) + "\u0000" + rs.getString(2), a);
                },
                db);
        return out;
    }

    private Map<String, Map<String, String>> indexes(Connection c, String db) throws SQLException {
        Map<String, StringBuilder> defs = new LinkedHashMap<>();
        Jdbc.query(
                c,
                "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE"
                        + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                        + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                rs -> {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    StringBuilder sb = defs.get(key);
                    if (sb == null) {
                        sb =
                                new StringBuilder(rs.getInt(3) == 0 ? "UNIQUE " : "")
                                        .append(rs.getString(6))
                                        .append(" (");
                        defs.put(key, sb);
                    } else {
                        sb.append(", ");
                    }
                    String col = rs.getString(4);
                    sb.append(col == null ? "(expression)" : col);
                    if (rs.getObject(5) != null) {
                        sb.append('(').append(rs.getString(5)).append(')');
                    }
                    return null;
                },
                db);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        defs.forEach((k, v) -> out.put(k, Map.of("definition", v.append(')').toString())));
        return out;
    }

    private Map<String, Map<String, String>> foreignKeys(Connection c, String db)
            throws SQLException {
        Map<String, StringBuilder> defs = new LinkedHashMap<>();
        Jdbc.query(
                c,
                "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
                        + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE"
                        + " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                        + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
                        + " AND r.TABLE_NAME = k.TABLE_NAME"
                        + " WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                        + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
                rs -> {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    defs.computeIfAbsent(
                                    key,
                                    x -> {
                                        try {
                                            return new StringBuilder()
                                                    .append(" REFERENCES ")
                                                    .append(rs.getString(4))
                                                    .append('.')
                                                    .append(rs.getString(5))
                                                    .append(" ON UPDATE ")
                                                    .append(foreignKeyRule(rs.getString(7)))
                                                    .append(" ON DELETE ")
                                                    .append(foreignKeyRule(rs.getString(8)))
                                                    .append(':');
                                        } catch (SQLException e) {
                                            throw new IllegalStateException(e);
                                        }
                                    })
                            .append(' ')
                            .append(rs.getString(3))
                            .append("->")
                            .append(rs.getString(6));
                    return null;
                },
                db);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        defs.forEach((k, v) -> out.put(k, Map.of("definition", v.toString().strip())));
        return out;
    }

    private Map<String, Map<String, String>> views(Connection c, String db) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Jdbc.query(
                c,
                "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, DEFINER"
                        + " FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
                rs -> {
                    Map<String, String> a = new TreeMap<>();
                    if (sameServerKind) {
                        a.put("definition", rs.getString(2));
                    }
                    a.put("check option", rs.getString(3));
                    a.put("security", rs.getString(4));
                    a.put("definer", rs.getString(5));
                    return out.put(rs.getString(1), a);
                },
                db);
        return out;
    }

    private Map<String, Map<String, String>> routines(Connection c, String db) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Jdbc.query(
                c,
                "SELECT ROUTINE_TYPE, ROUTINE_NAME, ROUTINE_DEFINITION, DTD_IDENTIFIER, IS_DETERMINISTIC,"
                        + " SQL_DATA_ACCESS, SECURITY_TYPE, DEFINER FROM information_schema.ROUTINES"
                        + " WHERE ROUTINE_SCHEMA = ?",
                rs -> {
                    Map<String, String> a = new TreeMap<>();
                    a.put("body", rs.getString(3));
                    a.put("returns", routineTypes(rs.getString(4)));
                    a.put("deterministic", rs.getString(5));
                    a.put("data access", rs.getString(6));
                    a.put("security", rs.getString(7));
                    a.put("definer", rs.getString(8));
                    return out.put(
                            rs.getString(1).toLowerCase(Locale.ROOT) + " " + rs.getString(2), a);
                },
                db);
        Jdbc.query(
                c,
                "SELECT ROUTINE_TYPE, SPECIFIC_NAME, GROUP_CONCAT(CONCAT_WS(' ', PARAMETER_MODE,"
                        + " PARAMETER_NAME, DTD_IDENTIFIER) ORDER BY ORDINAL_POSITION SEPARATOR ', ')"
                        + " FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ? AND ORDINAL_POSITION > 0"
                        + " GROUP BY ROUTINE_TYPE, SPECIFIC_NAME",
                rs -> {
                    Map<String, String> a =
                            out.get(
                                    rs.getString(1).toLowerCase(Locale.ROOT)
                                            + " "
                                            + rs.getString(2));
                    if (a != null) {
                        a.put("parameters", routineTypes(rs.getString(3)));
                    }
                    return null;
                },
                db);
        return out;
    }

    private Map<String, Map<String, String>> triggers(Connection c, String db) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Jdbc.query(
                c,
                "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_ORDER,"
                        + " ACTION_STATEMENT, DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                rs -> {
                    Map<String, String> a = new TreeMap<>();
                    a.put(
                            "event",
                            rs.getString(4) + " " + rs.getString(2) + " ON " + rs.getString(3));
                    a.put("order", rs.getString(5));
                    a.put("body", rs.getString(6));
                    a.put("definer", rs.getString(7));
                    return out.put(rs.getString(1), a);
                },
                db);
        return out;
    }

    private Map<String, Map<String, String>> events(Connection c, String db) throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Jdbc.query(
                c,
                "SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, STATUS,"
                        + " ON_COMPLETION, DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                rs -> {
                    Map<String, String> a = new TreeMap<>();
                    a.put("body", rs.getString(2));
                    a.put(
                            "schedule",
                            rs.getString(3)
                                    + (rs.getString(4) == null
                                            ? ""
                                            : " EVERY " + rs.getString(4) + " " + rs.getString(5)));
                    a.put(
                            "status",
                            rs.getString(6).startsWith("SLAVESIDE") ? "DISABLED" : rs.getString(6));
                    a.put("on completion", rs.getString(7));
                    a.put("definer", rs.getString(8));
                    return out.put(rs.getString(1), a);
                },
                db);
        return out;
    }
}
