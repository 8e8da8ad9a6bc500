package dev.snapshift.internal.schema;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads what is to be copied from the source's information_schema and SHOW CREATE statements. */
public final class SourceCatalog {
    public static final Set<String> SYSTEM_DATABASES =
            Set.of("mysql", "information_schema", "performance_schema", "sys");

    private final Connection connection;

    /** Read at the first {@link #tables(String)}. */
    private Tablespaces everyTablespace;

    public SourceCatalog(Connection connection) {
        this.connection = connection;
    }

    /**
     * The selected databases, or every non-system one when {@code requested} is empty. Unknown
     * names are refused.
     */
    public List<DatabaseInfo> databases(List<String> requested) throws SQLException {
        Map<String, DatabaseInfo> all = new LinkedHashMap<>();
        for (DatabaseInfo d :
                Jdbc.query(
                        connection,
                        "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                                + " FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME",
                        rs ->
                                new DatabaseInfo(
                                        rs.getString(1), rs.getString(2), rs.getString(3)))) {
            all.put(d.name(), d);
        }
        if (requested.isEmpty()) {
            return all.values().stream()
                    .filter(d -> !SYSTEM_DATABASES.contains(d.name().toLowerCase(Locale.ROOT)))
                    .toList();
        }
        List<DatabaseInfo> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : requested) {
            DatabaseInfo d = all.get(name);
            if (d == null) {
                missing.add(name);
            } else if (SYSTEM_DATABASES.contains(name.toLowerCase(Locale.ROOT))) {
                throw new SnapshiftException(
                        ErrorCode.USAGE,
                        "database '" + name + "' is a system database and is not migrated");
            } else if (!out.contains(d)) {
                out.add(d);
            }
        }
        if (!missing.isEmpty()) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "unknown database(s) on the source: "
                            + String.join(", ", missing)
                            + "; existing: "
                            + String.join(
                                    ", ",
                                    all.keySet().stream()
                                            .filter(
                                                    n ->
                                                            !SYSTEM_DATABASES.contains(
                                                                    n.toLowerCase(Locale.ROOT)))
                                            .toList()));
        }
        return out;
    }

    /**
     * Tables of one database (views excluded), with columns and the key used for chunking.
     * MariaDB's sequences come first (a table's DEFAULT may call NEXTVAL on one) and its
     * system-versioned tables are included: neither may be left behind silently.
     */
    public List<TableInfo> tables(String database) throws SQLException {
        if (everyTablespace == null) { // one listing for every database this catalog is asked for
            everyTablespace = tablespaces(null);
        }
        return tables(database, everyTablespace);
    }

    /**
     * The tables of one database, sized with {@code files} (read once for every database of a run:
     * {@link #tablespaces}).
     */
    public List<TableInfo> tables(String database, Tablespaces files) throws SQLException {
        record Row(
                String name,
                String engine,
                long rows,
                long length,
                TableInfo.Type type,
                String collation) {}
        List<Row> rows =
                Jdbc.query(
                        connection,
                        "SELECT TABLE_NAME, ENGINE, COALESCE(TABLE_ROWS, 0), COALESCE(DATA_LENGTH, 0),"
                                + " TABLE_TYPE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                                + " AND TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE', 'SYSTEM VERSIONED')"
                                + " ORDER BY TABLE_TYPE = 'SEQUENCE' DESC, TABLE_NAME",
                        rs ->
                                new Row(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getLong(3),
                                        rs.getLong(4),
                                        TableInfo.Type.of(rs.getString(5)),
                                        rs.getString(6)),
                        database);
        Map<String, List<ColumnInfo>> columns = columns(database);
        Map<String, Map.Entry<String, List<String>>> keys = keys(database);
        Map<String, Long> sizes =
                files.of(database, rows.stream().map(Row::name).collect(Collectors.toSet()));
        List<TableInfo> out = new ArrayList<>();
        for (Row r : rows) {
            List<ColumnInfo> cols = columns.getOrDefault(r.name(), List.of());
            if (r.type() == TableInfo.Type.VERSIONED) {
                cols = withPeriodColumns(cols);
            }
            List<ColumnInfo> key = new ArrayList<>();
            Map.Entry<String, List<String>> index = keys.get(r.name());
            for (String k : index == null ? List.<String>of() : index.getValue()) {
                cols.stream().filter(c -> c.name().equals(k)).findFirst().ifPresent(key::add);
            }
            out.add(
                    new TableInfo(
                            database,
                            r.name(),
                            r.engine(),
                            r.rows(),
                            Math.max(
                                    RowWidth.dataLength(r.length(), r.rows(), cols),
                                    sizes.getOrDefault(r.name(), 0L)),
                            cols,
                            key,
                            index == null ? null : index.getKey(),
                            r.type(),
                            r.collation()));
        }
        return out;
    }

    /**
     * The sizes of the InnoDB tablespace files of {@code databases}' tables (null: of every
     * database): what a table takes now, where its statistics may lag. InnoDB measures DATA_LENGTH
     * only when it recalculates a table's statistics (in the background, seconds after a tenth of
     * it changed, never with STATS_AUTO_RECALC=0), and a FLUSH TABLES (the snapshot's global read
     * lock) reloads the last ones saved: a table filled just before the run shows one page of data
     * and a handful of rows. Its file has grown with every page written. One statement for every
     * database: the server lists all its tablespaces whatever the filter (a file size each). Empty
     * where the server does not say (no PROCESS privilege; names InnoDB encodes beyond ASCII are
     * left out; tables in a shared tablespace are not listed).
     */
    public Tablespaces tablespaces(java.util.Collection<String> databases) throws SQLException {
        Map<String, Map<String, Long>> out = new HashMap<>();
        if (databases != null && databases.isEmpty()) {
            return new Tablespaces(out);
        }
        String version = connection.getMetaData().getDatabaseProductVersion();
        // MySQL 8.0's data dictionary names tablespaces as the tables are named; 5.7 and MariaDB
        // by their file names, in the filename character set
        boolean dictionary = !version.contains("MariaDB") && !version.startsWith("5.");
        Set<String> wanted = databases == null ? null : Set.copyOf(databases);
        try {
            Jdbc.query(
                    connection,
                    "SELECT NAME, FILE_SIZE FROM information_schema."
                            + (dictionary ? "INNODB_TABLESPACES" : "INNODB_SYS_TABLESPACES"),
                    rs -> {
                        String name =
                                dictionary
                                        ? rs.getString(1)
                                        : TablespaceNames.decode(rs.getString(1));
                        int slash = name == null ? -1 : name.indexOf('/');
                        if (slash > 0
                                && (wanted == null || wanted.contains(name.substring(0, slash)))) {
                            out.computeIfAbsent(name.substring(0, slash), d -> new HashMap<>())
                                    .merge(name.substring(slash + 1), rs.getLong(2), Long::sum);
                        }
                        return null;
                    });
        } catch (SQLException e) {
            if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                throw e;
            }
            out.clear(); // not allowed to read it: the statistics alone
        }
        return new Tablespaces(out);
    }

    /**
     * InnoDB's tablespace files by database and tablespace name ({@code table}, a partition's
     * {@code table#p#p0}), in bytes.
     */
    public record Tablespaces(Map<String, Map<String, Long>> files) {
        /** Bytes of each of {@code tables}' files, its partitions' summed. */
        Map<String, Long> of(String database, Set<String> tables) {
            Map<String, Long> out = new HashMap<>();
            files.getOrDefault(database, Map.of())
                    .forEach(
                            (name, bytes) -> {
                                String table = TablespaceNames.table(name, tables);
                                if (table != null) {
                                    out.merge(table, bytes, Long::sum);
                                }
                            });
            return out;
        }
    }

    /**
     * A system-versioned table's ROW START / ROW END columns are copied like others (the target
     * takes them with {@code system_versioning_insert_history}); implicit ones, which
     * information_schema does not list, are {@code row_start} and {@code row_end}.
     */
    private static List<ColumnInfo> withPeriodColumns(List<ColumnInfo> cols) {
        List<ColumnInfo> out = new ArrayList<>();
        boolean explicit = false;
        for (ColumnInfo c : cols) {
            if (c.generated() && PERIOD.contains(c.generationExpression())) {
                explicit = true;
                out.add(
                        new ColumnInfo(
                                c.name(),
                                c.dataType(),
                                c.columnType(),
                                c.charset(),
                                c.collation(),
                                false,
                                c.kind(),
                                false,
                                false,
                                c.generationExpression()));
            } else {
                out.add(c);
            }
        }
        if (!explicit) {
            out.add(
                    new ColumnInfo(
                            "row_start",
                            "timestamp",
                            "timestamp(6)",
                            null,
                            null,
                            false,
                            ValueKind.TEMPORAL,
                            false,
                            false,
                            ROW_START));
            out.add(
                    new ColumnInfo(
                            "row_end",
                            "timestamp",
                            "timestamp(6)",
                            null,
                            null,
                            false,
                            ValueKind.TEMPORAL,
                            false,
                            false,
                            ROW_END));
        }
        return out;
    }

    /** The generation expression information_schema gives a period column. */
    public static final String ROW_START = "ROW START";

    public static final String ROW_END = "ROW END";
    private static final Set<String> PERIOD = Set.of(ROW_START, ROW_END);

    private Map<String, List<ColumnInfo>> columns(String database) throws SQLException {
        Map<String, List<ColumnInfo>> out = new LinkedHashMap<>();
        Jdbc.query(
                connection,
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME,"
                        + " GENERATION_EXPRESSION, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                        + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
                rs -> {
                    String expr = rs.getString(7);
                    String dataType = rs.getString(3);
                    String charset = rs.getString(5);
                    String extra =
                            rs.getString(8) == null ? "" : rs.getString(8).toLowerCase(Locale.ROOT);
                    boolean generated = expr != null && !expr.isEmpty();
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(
                                    new ColumnInfo(
                                            rs.getString(2),
                                            dataType,
                                            rs.getString(4),
                                            charset,
                                            rs.getString(6),
                                            generated,
                                            ValueKind.of(dataType, charset),
                                            extra.contains("auto_increment"),
                                            generated && extra.contains("virtual"),
                                            generated ? expr : null));
                    return null;
                },
                database);
        return out;
    }

    /** Per table: the primary key, else the first unique index over NOT NULL whole columns. */
    private Map<String, Map.Entry<String, List<String>>> keys(String database) throws SQLException {
        record Part(
                String table,
                String index,
                String column,
                boolean unique,
                boolean nullable,
                boolean prefix) {}
        List<Part> parts =
                Jdbc.query(
                        connection,
                        "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE, NULLABLE, SUB_PART"
                                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                                + " ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX",
                        rs ->
                                new Part(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getInt(4) == 0,
                                        "YES".equalsIgnoreCase(rs.getString(5)),
                                        rs.getObject(6) != null),
                        database);
        Map<String, Map<String, List<Part>>> byTable = new LinkedHashMap<>();
        for (Part p : parts) {
            byTable.computeIfAbsent(p.table(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.index(), k -> new ArrayList<>())
                    .add(p);
        }
        Map<String, Map.Entry<String, List<String>>> out = new LinkedHashMap<>();
        byTable.forEach(
                (table, indexes) -> {
                    for (Map.Entry<String, List<Part>> e : indexes.entrySet()) {
                        List<Part> idx = e.getValue();
                        boolean usable =
                                idx.stream()
                                        .allMatch(
                                                p ->
                                                        p.unique()
                                                                && !p.nullable()
                                                                && !p.prefix()
                                                                && p.column() != null);
                        if (usable) {
                            out.put(
                                    table,
                                    Map.entry(e.getKey(), idx.stream().map(Part::column).toList()));
                            return;
                        }
                    }
                });
        return out;
    }

    public String showCreateTable(String database, String table) throws SQLException {
        return Jdbc.query(
                        connection,
                        "SHOW CREATE TABLE " + Sql.qualified(database, table),
                        rs -> rs.getString(2))
                .get(0);
    }
}
