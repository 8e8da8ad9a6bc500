package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The selected tables themselves: engines a snapshot does not cover, and tables without a usable
 * key.
 */
public final class TableChecks {
    static final String NON_TRANSACTIONAL = "non-transactional";
    static final String NO_KEY = "tables without key";
    static final String MARIADB_ONLY = "MariaDB-only tables";
    static final String UNREADABLE = "unreadable tables";

    /** SELECT command denied to user for table. */
    static final int TABLE_ACCESS_DENIED = 1142;

    /** SELECT command denied to user for column. */
    static final int COLUMN_ACCESS_DENIED = 1143;

    private TableChecks() {}

    /**
     * Only InnoDB takes part in a consistent snapshot (on MariaDB too: Aria, MyISAM, MEMORY, CSV do
     * not).
     */
    public static boolean transactional(TableInfo t) {
        return t.engine() != null && t.engine().equalsIgnoreCase("InnoDB");
    }

    static PreflightCheck nonTransactional(PreflightContext ctx) {
        List<TableInfo> tables = ctx.tables().stream().filter(t -> !transactional(t)).toList();
        if (tables.isEmpty()) {
            return PreflightCheck.ok(NON_TRANSACTIONAL, "none: every selected table is InnoDB");
        }
        String what = tables.size() == 1 ? "1 table is" : tables.size() + " tables are";
        String list =
                ": "
                        + Texts.names(
                                tables.stream()
                                        .map(
                                                t ->
                                                        t.qualifiedName()
                                                                + " ("
                                                                + (t.engine() == null
                                                                        ? "unknown engine"
                                                                        : t.engine())
                                                                + ")")
                                        .toList());
        if (ctx.config().consistency() == dev.snapshift.api.ConsistencyMode.READ_ONLY) {
            return PreflightCheck.ok(
                    NON_TRANSACTIONAL,
                    what
                            + " not covered by a snapshot, but the source is read-only during"
                            + " the copy, so they are copied exactly"
                            + list);
        }
        if (ctx.config().consistency() == dev.snapshift.api.ConsistencyMode.NONE) {
            return PreflightCheck.warn(
                    NON_TRANSACTIONAL,
                    what + " copied without any guarantee (--consistency none)" + list,
                    "choose a consistency mode and --non-transactional=lock");
        }
        return switch (ctx.config().nonTransactional()) {
            case FAIL ->
                    PreflightCheck.fail(
                            NON_TRANSACTIONAL,
                            what + " not covered by the snapshot" + list,
                            "--non-transactional=lock copies them while the lock is held (exact, but writers wait for that copy);"
                                    + " --non-transactional=skip leaves them out; or convert them (ALTER TABLE ... ENGINE=InnoDB)");
            case LOCK -> {
                long bytes = ctx.estimate().bytesOf(tables);
                yield PreflightCheck.warn(
                        NON_TRANSACTIONAL,
                        what
                                + " not covered by the snapshot and will be copied under"
                                + " the lock (--non-transactional=lock): writers wait about "
                                + Texts.duration(SizeEstimate.durationOf(bytes))
                                + " longer ("
                                + Texts.bytes(bytes)
                                + " at an assumed "
                                + SizeEstimate.ASSUMPTION
                                + ")"
                                + list,
                        "convert them to InnoDB (ALTER TABLE ... ENGINE=InnoDB) to keep the lock short");
            }
            case SKIP ->
                    PreflightCheck.warn(
                            NON_TRANSACTIONAL,
                            what
                                    + " not covered by the snapshot and will not be copied"
                                    + " (--non-transactional=skip)"
                                    + list,
                            "copy them separately, use --non-transactional=lock, or"
                                    + " convert them to InnoDB");
        };
    }

    /**
     * MariaDB's sequences, system-versioned tables and UUID / INET6 / INET4 columns have no MySQL
     * counterpart: onto a MySQL target they are refused before anything is written, never left
     * behind or changed silently.
     */
    static PreflightCheck mariaDbOnly(PreflightContext ctx) {
        if (ctx.targetFacts().info().mariaDb()) {
            return PreflightCheck.ok(
                    MARIADB_ONLY,
                    "the target is MariaDB: sequences, system-versioned tables (with"
                            + " their history) and UUID / INET6 / INET4 columns are copied as they are");
        }
        List<String> found = new ArrayList<>();
        for (TableInfo t : ctx.tables()) {
            switch (t.type()) {
                case SEQUENCE -> found.add(t.qualifiedName() + " (SEQUENCE)");
                case VERSIONED ->
                        found.add(t.qualifiedName() + " (WITH SYSTEM VERSIONING: its history)");
                default -> {}
            }
            t.columns().stream()
                    .filter(c -> c.kind() == ValueKind.TYPED_TEXT)
                    .forEach(
                            c ->
                                    found.add(
                                            t.qualifiedName()
                                                    + "."
                                                    + c.name()
                                                    + " ("
                                                    + c.dataType().toUpperCase(Locale.ROOT)
                                                    + ")"));
        }
        if (found.isEmpty()) {
            return PreflightCheck.ok(MARIADB_ONLY, "none");
        }
        return PreflightCheck.fail(
                MARIADB_ONLY,
                "MySQL cannot hold " + Texts.names(found),
                "migrate these databases to a MariaDB target, or leave them out with --databases; or change them on the"
                        + " source first (a sequence into an AUTO_INCREMENT table, ALTER TABLE ... DROP"
                        + " SYSTEM VERSIONING, UUID into CHAR(36) or BINARY(16), INET6 into VARBINARY(16))");
    }

    /**
     * The selected tables the source account cannot read (SELECT denied on the table or on some of
     * its columns): the copy would fail on each. Only tables of databases without a database-wide
     * SELECT grant are tried, each with a {@code SELECT * ... LIMIT 0} that reads no row.
     */
    static List<TableInfo> unreadable(PreflightContext ctx) throws SQLException {
        Grants g = ctx.sourceFacts().grants();
        List<TableInfo> out = new ArrayList<>();
        for (TableInfo t : ctx.tables()) {
            if (g.onDatabase("SELECT", t.database())) {
                continue;
            }
            try (Statement st = ctx.source().createStatement()) {
                st.executeQuery(
                                "SELECT * FROM "
                                        + Sql.qualified(t.database(), t.name())
                                        + " LIMIT 0")
                        .close();
            } catch (SQLException e) {
                if (e.getErrorCode() == TABLE_ACCESS_DENIED
                        || e.getErrorCode() == COLUMN_ACCESS_DENIED) {
                    out.add(t);
                } else if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                    throw e;
                } // anything else (dropped meanwhile, say) is for the copy to report
            }
        }
        return out;
    }

    /**
     * Tables without a usable key, and (before them) the tables that cannot be read at all: the
     * catalog shows such a table without the columns the account may not see, so it would look
     * keyless when it is unreadable.
     */
    static List<PreflightCheck> keysAndAccess(PreflightContext ctx) throws SQLException {
        List<TableInfo> unreadable = unreadable(ctx);
        List<PreflightCheck> out = new ArrayList<>();
        if (!unreadable.isEmpty()) {
            Grants g = ctx.sourceFacts().grants();
            out.add(
                    PreflightCheck.fail(
                            UNREADABLE,
                            g.account()
                                    + " cannot read "
                                    + Texts.count(unreadable.size(), "table", "tables")
                                    + ": "
                                    + Texts.names(
                                            unreadable.stream()
                                                    .map(TableInfo::qualifiedName)
                                                    .toList())
                                    + " (SELECT denied); the copy would fail on "
                                    + (unreadable.size() == 1 ? "it" : "them"),
                            String.join(
                                            "; ",
                                            unreadable.stream()
                                                    .limit(Texts.MAX_NAMES)
                                                    .map(
                                                            t ->
                                                                    g.grantStatement(
                                                                            "SELECT",
                                                                            Sql.qualified(
                                                                                    t.database(),
                                                                                    t.name())))
                                                    .toList())
                                    + (unreadable.size() > Texts.MAX_NAMES ? "; ..." : "")
                                    + ", or leave them out with --databases"));
        }
        out.add(withoutKey(ctx, unreadable));
        return out;
    }

    private static PreflightCheck withoutKey(PreflightContext ctx, List<TableInfo> unreadable) {
        List<String> tables =
                ctx.tables().stream()
                        .filter(t -> t.key().isEmpty() && !unreadable.contains(t))
                        .map(TableInfo::qualifiedName)
                        .toList();
        if (tables.isEmpty()) {
            return PreflightCheck.ok(
                    NO_KEY,
                    "none: every selected table has a primary key or a unique NOT NULL key");
        }
        return PreflightCheck.warn(
                NO_KEY,
                Texts.count(tables.size(), "table", "tables")
                        + " without a primary key or unique NOT NULL key: "
                        + Texts.names(tables)
                        + "; each is copied as one chunk, without parallelism, and CDC tools need keys",
                "add a primary key (ALTER TABLE ... ADD PRIMARY KEY ...; an invisible auto-increment column works)");
    }
}
