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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks and creates databases and tables on the target. */
public final class TargetSchema {
    private final Connection connection;

    public TargetSchema(Connection connection) {
        this.connection = connection;
    }

    /**
     * Refuses, before anything is written, a target that already holds a selected table (or a view
     * of that name).
     */
    public void requireAbsent(List<TableInfo> tables) throws SQLException {
        List<String> clashes = new ArrayList<>();
        Set<String> databases = new HashSet<>();
        tables.forEach(t -> databases.add(t.database()));
        NameFolding names = NameFolding.of(connection);
        for (String db : databases) {
            Set<String> existing = new HashSet<>();
            for (String name :
                    Jdbc.query(
                            connection,
                            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                            rs -> rs.getString(1),
                            names.fold(db))) {
                existing.add(names.fold(name));
            }
            for (TableInfo t : tables) {
                if (t.database().equals(db) && existing.contains(names.fold(t.name()))) {
                    clashes.add(t.qualifiedName());
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "the target already holds "
                            + clashes.size()
                            + " of the selected tables ("
                            + summary(clashes)
                            + "); nothing was written. Drop them on the target,"
                            + " or choose other databases with --databases");
        }
    }

    /**
     * The tables and views of each of {@code databases} on the target (a database it lacks maps to
     * none).
     */
    public java.util.Map<String, Set<String>> tablesIn(java.util.Collection<String> databases)
            throws SQLException {
        java.util.Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        NameFolding names = NameFolding.of(connection);
        for (String db : databases) {
            out.put(
                    db,
                    new HashSet<>(
                            Jdbc.query(
                                    connection,
                                    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                                    rs -> rs.getString(1),
                                    names.fold(db))));
        }
        return out;
    }

    private static String summary(List<String> names) {
        return names.size() <= 10
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10))
                        + ", ... ("
                        + (names.size() - 10)
                        + " more)";
    }

    public void createDatabase(DatabaseInfo db) throws SQLException {
        StringBuilder sql =
                new StringBuilder("CREATE DATABASE IF NOT EXISTS ").append(Sql.quote(db.name()));
        if (db.charset() != null) {
            sql.append(" CHARACTER SET ").append(word(db.charset()));
        }
        if (db.collation() != null) {
            sql.append(" COLLATE ").append(word(db.collation()));
        }
        Jdbc.execute(connection, sql.toString());
    }

    /**
     * The database the last {@code USE} of {@link #createTable} chose on this connection (nothing
     * else here changes it): the next table of the same database needs no {@code USE}, a round trip
     * per table.
     */
    private String usedDatabase;

    /**
     * Runs the source's CREATE TABLE in the table's database, with the collations it had on the
     * source written out where the target's defaults differ ({@link TableCollations}).
     */
    public void createTable(TableInfo table, String createStatement) {
        try {
            if (!table.database().equals(usedDatabase)) {
                Jdbc.execute(connection, "USE " + Sql.quote(table.database()));
                usedDatabase = table.database();
            }
            Jdbc.execute(
                    connection,
                    TableCollations.pin(
                            createStatement,
                            table.collation(),
                            table.columns(),
                            defaultCollations()));
        } catch (SQLException e) {
            throw new SnapshiftException(
                    ErrorCode.COPY,
                    "cannot create table "
                            + table.qualifiedName()
                            + " on the target: "
                            + MySqlErrors.describe(e),
                    e);
        }
    }

    private Map<String, String> defaultCollations;

    /** The target's default collation of each character set, read once. */
    private Map<String, String> defaultCollations() throws SQLException {
        if (defaultCollations == null) {
            Map<String, String> m = new HashMap<>();
            Jdbc.query(
                    connection,
                    "SELECT CHARACTER_SET_NAME, DEFAULT_COLLATE_NAME FROM information_schema.CHARACTER_SETS",
                    rs -> m.put(rs.getString(1), rs.getString(2)));
            defaultCollations = m;
        }
        return defaultCollations;
    }

    private static final java.util.regex.Pattern AUTO_INCREMENT =
            java.util.regex.Pattern.compile("\\) ENGINE=\\S+ AUTO_INCREMENT=(\\d+)");

    /** The AUTO_INCREMENT table option of a SHOW CREATE TABLE statement, if any. */
    public static java.util.Optional<Long> autoIncrement(String createTable) {
        java.util.regex.Matcher m = AUTO_INCREMENT.matcher(createTable);
        return m.find()
                ? java.util.Optional.of(Long.parseLong(m.group(1)))
                : java.util.Optional.empty();
    }

    /**
     * Adds secondary indexes: all in one ALTER TABLE (one pass over the data), except FULLTEXT
     * ones, which InnoDB builds one per statement.
     */
    public void addIndexes(TableInfo table, List<String> all) throws SQLException {
        // after a resume, some may be there already (built under the earlier point in time)
        java.util.Set<String> existing =
                new java.util.HashSet<>(
                        Jdbc.query(
                                connection,
                                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                                rs -> rs.getString(1).toLowerCase(java.util.Locale.ROOT),
                                table.database(),
                                table.name()));
        List<String> clauses =
                all.stream()
                        .filter(
                                c -> {
                                    String name = indexName(c);
                                    return name == null
                                            || !existing.contains(
                                                    name.toLowerCase(java.util.Locale.ROOT));
                                })
                        .toList();
        String alter = "ALTER TABLE " + Sql.qualified(table.database(), table.name()) + " ";
        List<String> together =
                clauses.stream().filter(c -> !c.startsWith("ADD FULLTEXT")).toList();
        if (!together.isEmpty()) {
            Jdbc.execute(connection, alter + String.join(", ", together));
        }
        for (String fulltext :
                clauses.stream().filter(c -> c.startsWith("ADD FULLTEXT")).toList()) {
            Jdbc.execute(connection, alter + fulltext);
        }
    }

    /**
     * The name of the index an {@code ADD ... KEY `name` (...)} clause adds (the first quoted
     * identifier), or null.
     */
    static String indexName(String clause) {
        int start = clause.indexOf('`');
        if (start < 0 || clause.indexOf('(') >= 0 && clause.indexOf('(') < start) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        for (int i = start + 1; i < clause.length(); i++) {
            char ch = clause.charAt(i);
            if (ch == '`') {
                if (i + 1 < clause.length() && clause.charAt(i + 1) == '`') {
                    name.append('`');
                    i++;
                    continue;
                }
                return name.toString();
            }
            name.append(ch);
        }
        return null;
    }

    /** Adds foreign keys with checks off: the rows came from a consistent snapshot. */
    public void addForeignKeys(TableInfo table, List<String> clauses) throws SQLException {
        if (!clauses.isEmpty()) {
            Jdbc.execute(connection, "SET foreign_key_checks = 0");
            Jdbc.execute(
                    connection,
                    "ALTER TABLE "
                            + Sql.qualified(table.database(), table.name())
                            + " "
                            + String.join(", ", clauses));
        }
    }

    /**
     * Sets the table's AUTO_INCREMENT counter unless it has that value already; true when it
     * changed it.
     */
    public boolean setAutoIncrement(TableInfo table, long value) throws SQLException {
        String current =
                Jdbc.query(
                                connection,
                                "SHOW CREATE TABLE "
                                        + Sql.qualified(table.database(), table.name()),
                                rs -> rs.getString(2))
                        .get(0);
        if (autoIncrement(current).orElse(-1L) == value) {
            return false;
        }
        Jdbc.execute(
                connection,
                "ALTER TABLE "
                        + Sql.qualified(table.database(), table.name())
                        + " AUTO_INCREMENT = "
                        + value);
        return true;
    }

    /** Drops tables this run created (before a restart from a new snapshot). */
    public void dropCreated(List<TableInfo> created) throws SQLException {
        Jdbc.execute(connection, "SET foreign_key_checks = 0");
        try {
            for (TableInfo t : created) {
                Jdbc.execute(
                        connection,
                        "DROP TABLE IF EXISTS " + Sql.qualified(t.database(), t.name()));
            }
        } finally {
            Jdbc.execute(connection, "SET foreign_key_checks = 1");
        }
    }

    static String word(String s) {
        if (!s.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("unexpected character set or collation name: " + s);
        }
        return s;
    }
}
