package dev.snapshift.internal.schema;

import dev.snapshift.api.TargetOptions;
import dev.snapshift.api.Transformation;
import dev.snapshift.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shapes a source table's CREATE statement for a target shaped differently (a managed cloud
 * database): another engine ({@code --force-innodb}), collations the target lacks mapped, an
 * invisible primary key where the target requires keys ({@code --create-invisible-pks}). Every
 * change is reported through the sink. The rewrites are pure functions, unit-tested as strings.
 */
public final class TableShaper {
    /**
     * MariaDB collations MySQL 8.0 does not know, and their nearest MySQL counterpart (same
     * character set, same accent and case sensitivity; MySQL's 0900 collations are NO PAD).
     */
    public static final Map<String, String> BUILT_IN_COLLATIONS = builtIn();

    private static final Pattern ENGINE =
            Pattern.compile("\\bENGINE\\s*=\\s*(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARIA_OPTIONS =
            Pattern.compile(
                    "\\s+(?:PAGE_CHECKSUM|TRANSACTIONAL)\\s*=\\s*\\d+|\\s+ROW_FORMAT\\s*=\\s*(?:PAGE|FIXED)\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern COLLATE =
            Pattern.compile("\\bCOLLATE(\\s*=\\s*|\\s+)(\\w+)", Pattern.CASE_INSENSITIVE);

    private final TargetOptions options;
    private final boolean targetGeneratesKeys;
    private final Set<String> targetCollations;
    private final Map<String, String> collationMap;
    private final Consumer<Transformation> sink;

    /**
     * @param targetGeneratesKeys the target has sql_generate_invisible_primary_key=ON (it adds the
     *     key itself)
     * @param targetCollations the collations the target knows (lower case)
     */
    public TableShaper(
            TargetOptions options,
            boolean targetGeneratesKeys,
            Set<String> targetCollations,
            Consumer<Transformation> sink) {
        this.options = options;
        this.targetGeneratesKeys = targetGeneratesKeys;
        this.targetCollations = targetCollations;
        this.sink = sink;
        this.collationMap = new LinkedHashMap<>(BUILT_IN_COLLATIONS);
        this.collationMap.putAll(options.collationMap());
    }

    /** The CREATE statement to run on the target for {@code table}. */
    public String apply(TableInfo table, String create) {
        String out = create;
        Matcher engine = ENGINE.matcher(out);
        if (options.forceInnodb() && engine.find() && !engine.group(1).equalsIgnoreCase("InnoDB")) {
            out = withEngine(out, "InnoDB");
            sink.accept(
                    new Transformation(
                            "engine",
                            table.qualifiedName(),
                            engine.group(1),
                            "InnoDB",
                            "--force-innodb"));
        }
        out = mapCollations(out, table.qualifiedName());
        Transformation key = keyChange(table, targetGeneratesKeys, options.createInvisiblePks());
        if (key != null) {
            if (!targetGeneratesKeys) {
                out = withInvisiblePrimaryKey(out);
            }
            sink.accept(key);
        }
        return out;
    }

    /**
     * The shaper for the target behind {@code target}: its invisible-key setting and the collations
     * it knows.
     */
    public static TableShaper forTarget(
            Connection target, TargetOptions options, Consumer<Transformation> sink)
            throws SQLException {
        boolean generates;
        try {
            String v = Jdbc.scalar(target, "SELECT @@sql_generate_invisible_primary_key");
            generates = "1".equals(v) || "ON".equalsIgnoreCase(v);
        } catch (SQLException e) {
            generates = false; // before MySQL 8.0.30, or MariaDB: no such setting
        }
        return new TableShaper(options, generates, ServerCapabilities.collations(target), sink);
    }

    /** A database's default collation, mapped when the target lacks it. */
    public DatabaseInfo shape(DatabaseInfo database) {
        if (database.collation() == null) {
            return database;
        }
        String mapped =
                mapCollations("COLLATE " + database.collation(), database.name())
                        .substring("COLLATE ".length());
        return mapped.equalsIgnoreCase(database.collation())
                ? database
                : new DatabaseInfo(database.name(), database.charset(), mapped);
    }

    /**
     * Collations the target does not know, replaced by their mapped counterpart (left alone when
     * unmapped); a collation {@code --collation-map} names is replaced even where the target knows
     * it.
     */
    public String mapCollations(String create, String object) {
        Matcher m = COLLATE.matcher(create);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String to = collation(m.group(2), object);
            m.appendReplacement(sb, Matcher.quoteReplacement("COLLATE" + m.group(1) + to));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * The collation the target gets for {@code name} (of {@code object}): its mapped counterpart,
     * reported, or {@code name} itself.
     */
    public String collation(String name, String object) {
        String to = mapped(name);
        if (to == null) {
            return name;
        }
        String from = name.toLowerCase(Locale.ROOT);
        sink.accept(
                new Transformation(
                        "collation",
                        object,
                        from,
                        to,
                        options.collationMap().containsKey(from)
                                ? "--collation-map"
                                : "the target has no " + from));
        return to;
    }

    /**
     * The collation that replaces {@code name} on the target, or null when it stays: a {@code
     * --collation-map} entry always, a built-in one when the target lacks the collation.
     */
    public String mapped(String name) {
        if (name == null) {
            return null;
        }
        String from = name.toLowerCase(Locale.ROOT);
        String explicit = options.collationMap().get(from);
        if (explicit != null) {
            return explicit.equalsIgnoreCase(from) ? null : explicit;
        }
        String to = collationMap.get(from);
        return to != null && !knows(from) ? to : null;
    }

    /**
     * Whether the target knows the collation (under its own name or 8.0's utf8mb3 name for 5.7's
     * utf8); true when the target's list is unknown.
     */
    public boolean knows(String collation) {
        String c = collation.toLowerCase(Locale.ROOT);
        return targetCollations.isEmpty()
                || targetCollations.contains(c)
                || targetCollations.contains(Charsets.canonical(c));
    }

    /**
     * The invisible primary key a keyless table gets on the target (the target's own generated key,
     * or the one {@code --create-invisible-pks} adds), or null when it gets none.
     */
    public static Transformation keyChange(
            TableInfo table, boolean targetGeneratesKeys, boolean createInvisiblePks) {
        if ("PRIMARY".equals(table.keyIndex()) || !(targetGeneratesKeys || createInvisiblePks)) {
            return null;
        }
        return new Transformation(
                "primary-key",
                table.qualifiedName(),
                null,
                "my_row_id (invisible)",
                targetGeneratesKeys
                        ? "sql_generate_invisible_primary_key=ON on the target"
                        : "--create-invisible-pks");
    }

    /** The table on another engine; Aria's own options, which InnoDB refuses, dropped. */
    public static String withEngine(String create, String engine) {
        String out = ENGINE.matcher(create).replaceFirst("ENGINE=" + engine);
        return ARIA_OPTIONS.matcher(out).replaceAll("");
    }

    /**
     * An invisible auto-increment primary key as MySQL's own generated one ({@code my_row_id BIGINT
     * UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE}, first): the copy names its columns, so the key
     * fills itself.
     */
    public static String withInvisiblePrimaryKey(String create) {
        int open = create.indexOf('(');
        int close = create.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a CREATE TABLE: " + create);
        }
        return create.substring(0, open + 1)
                + "\n  `my_row_id` bigint unsigned NOT NULL AUTO_INCREMENT /*!80023 INVISIBLE */,"
                + create.substring(open + 1, close).replaceFirst("\\s+$", "")
                + ",\n  PRIMARY KEY (`my_row_id`)\n"
                + create.substring(close);
    }

    private static Map<String, String> builtIn() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("utf8mb4_uca1400_ai_ci", "utf8mb4_0900_ai_ci");
        m.put("utf8mb4_uca1400_as_ci", "utf8mb4_0900_as_ci");
        m.put("utf8mb4_uca1400_as_cs", "utf8mb4_0900_as_cs");
        m.put("utf8mb4_uca1400_ai_cs", "utf8mb4_0900_as_cs");
        m.put("utf8mb4_uca1400_nopad_ai_ci", "utf8mb4_0900_ai_ci");
        m.put("utf8mb4_uca1400_nopad_as_ci", "utf8mb4_0900_as_ci");
        m.put("utf8mb4_uca1400_nopad_as_cs", "utf8mb4_0900_as_cs");
        m.put("uca1400_ai_ci", "utf8mb4_0900_ai_ci");
        m.put("utf8mb3_uca1400_ai_ci", "utf8mb3_unicode_520_ci");
        m.put("utf8mb3_uca1400_as_cs", "utf8mb3_bin");
        m.put("utf8mb4_nopad_bin", "utf8mb4_bin");
        m.put("utf8mb3_nopad_bin", "utf8mb3_bin");
        return Map.copyOf(m);
    }
}
