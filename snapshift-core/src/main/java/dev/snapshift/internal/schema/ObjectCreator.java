package dev.snapshift.internal.schema;

import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.Status;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates one schema object on the target the way it was created on the source: its own sql_mode
 * (translated where the target does not know a mode), its time zone (events: STARTS / ENDS / AT are
 * read in it), its {@code character_set_client} and {@code collation_connection} (string literals
 * and comparisons in a routine keep their collation; the statement's bytes are sent unchanged), and
 * the database collation it was created under (as mysqldump does: {@code ALTER DATABASE} for the
 * creation when the target database's differs, then back). Its DEFINER is kept when the target user
 * may set it, else the object gets the target user (reported). Events are created DISABLED.
 *
 * <p>The connection sends statements as bytes ({@link Connections#openBytes()}): a latin1 routine's
 * literals reach the server as latin1 bytes under {@code character_set_client = latin1}, byte for
 * byte as on the source.
 *
 * <p>A failure of the object itself is returned as a FAILED state with the object's own error; only
 * a lost connection is thrown. Not thread-safe.
 */
public final class ObjectCreator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectCreator.class);
    private static final int UNKNOWN_MODE = 1231;
    private static final int DEFINER_MISSING = 1449;
    private static final int EVENT_DROPPED = 1588;
    private static final int TABLE_ACCESS_DENIED = 1142;

    private final Connections target;
    private final boolean skipBinlog;
    private final Map<String, Boolean> knownModes = new HashMap<>();
    private Connection connection;
    private String user;

    private final DefinerPolicy definers;
    private final TableShaper collations;

    public ObjectCreator(Connections target, boolean skipBinlog) {
        this(target, skipBinlog, DefinerPolicy.AUTO);
    }

    /**
     * @param definers how objects get their DEFINER (see {@link DefinerPolicy})
     */
    public ObjectCreator(Connections target, boolean skipBinlog, DefinerPolicy definers) {
        this(target, skipBinlog, definers, null);
    }

    /**
     * @param definers how objects get their DEFINER (see {@link DefinerPolicy})
     * @param collations maps the collations the target lacks (in the statement, the client's
     *     collation and the database collation an object was created under), reporting each change;
     *     null to keep them as they are
     */
    public ObjectCreator(
            Connections target,
            boolean skipBinlog,
            DefinerPolicy definers,
            TableShaper collations) {
        this.target = target;
        this.skipBinlog = skipBinlog;
        this.definers = definers;
        this.collations = collations;
    }

    private String targetCollation(String collation, SchemaObject o) {
        return collations == null || collation == null
                ? collation
                : collations.collation(collation, o.label());
    }

    /**
     * The object's state once it was created, or FAILED with its own error; only a lost connection
     * is thrown.
     */
    public ObjectState create(SchemaObject o) throws SQLException {
        if (o.statement() == null) {
            return state(
                    o, Status.FAILED, "", null, List.of(), "cannot be created: " + o.readError());
        }
        List<String> notes = new ArrayList<>();
        try {
            return create(session(), o, notes);
        } catch (SQLException | IllegalArgumentException e) {
            if (e instanceof SQLException sql) {
                lostConnection(sql);
            }
            return state(
                    o,
                    Status.FAILED,
                    null,
                    null,
                    notes,
                    e instanceof SQLException sql ? MySqlErrors.describe(sql) : e.getMessage());
        }
    }

    private ObjectState create(Connection c, SchemaObject o, List<String> notes)
            throws SQLException {
        execute(c, "SET NAMES utf8mb4");
        execute(c, utf8("USE " + Sql.quote(o.database())));
        SqlModes.Translation mode =
                o.kind().hasSqlMode()
                        ? SqlModes.translate(o.sqlMode(), this::knows)
                        : new SqlModes.Translation("", "", List.of());
        if (mode.changed()) {
            notes.add(
                    "sql_mode "
                            + String.join(", ", mode.dropped())
                            + " left out: the target does not know it");
        }
        execute(c, "SET SESSION sql_mode = " + Sql.stringLiteral(mode.to()));
        if (o.kind() == ObjectKind.EVENT) {
            try {
                execute(c, "SET time_zone = " + Sql.stringLiteral(o.timeZone()));
            } catch (SQLException e) {
                lostConnection(e);
                return state(
                        o,
                        Status.FAILED,
                        mode.to(),
                        null,
                        notes,
                        "its time zone "
                                + o.timeZone()
                                + " is unknown on the target ("
                                + MySqlErrors.describe(e)
                                + "): load the time zone tables there"
                                + " (mysql_tzinfo_to_sql), then create it by hand");
            }
        }
        String restore = switchDatabaseCollation(c, o, notes);
        ObjectState created;
        try {
            execute(
                    c,
                    "SET character_set_client = "
                            + TargetSchema.word(o.characterSetClient())
                            + ", collation_connection = "
                            + TargetSchema.word(targetCollation(o.collationConnection(), o)));
            created = createStatement(c, o, mode, notes);
        } catch (SQLException e) {
            lostConnection(e);
            created = state(o, Status.FAILED, mode.to(), null, notes, MySqlErrors.describe(e));
        } finally {
            execute(c, "SET NAMES utf8mb4");
        }
        if (restore != null) {
            try {
                execute(c, utf8(restore));
            } catch (SQLException e) {
                lostConnection(e);
                LOG.error(
                        "database {} keeps the collation switched for {}: {}; run {} on the target",
                        o.database(),
                        o.label(),
                        MySqlErrors.describe(e),
                        restore);
                return state(
                        o,
                        Status.FAILED,
                        created.targetSqlMode(),
                        created.targetDefiner(),
                        List.copyOf(notes),
                        "created, but switching the database collation back failed ("
                                + MySqlErrors.describe(e)
                                + "): run "
                                + restore
                                + " on the target");
            }
        }
        return created;
    }

    private ObjectState createStatement(
            Connection c, SchemaObject o, SqlModes.Translation mode, List<String> notes)
            throws SQLException {
        String statement =
                collations == null
                        ? o.statement()
                        : collations.mapCollations(o.statement(), o.label());
        if (o.kind() == ObjectKind.EVENT) {
            statement = EventStatements.createDisabled(statement);
            if ("SLAVESIDE_DISABLED".equalsIgnoreCase(o.eventStatus())) {
                notes.add(
                        "was DISABLE ON SLAVE on the source (it runs on the source's primary); created DISABLED");
            } else if ("ENABLED".equalsIgnoreCase(o.eventStatus())) {
                notes.add(
                        "created DISABLED (ENABLED on the source) so it does not run twice: enable it at cutover,"
                                + " as its definer (ALTER EVENT makes the account running it the definer)");
            }
        }
        String definer = o.definer();
        boolean otherDefiner =
                Definers.definer(statement).isPresent()
                        && !Definers.sameAccount(o.definer(), currentUser(c));
        if ((definers == DefinerPolicy.CURRENT_USER || definers == DefinerPolicy.STRIP)
                && otherDefiner) {
            statement = Definers.withoutDefiner(statement);
            if (definers == DefinerPolicy.STRIP && o.kind() == ObjectKind.VIEW) {
                statement = Definers.invokerView(statement);
            }
            definer = currentUser(c);
            notes.add(
                    "created with the target user "
                            + definer
                            + " as its definer instead of "
                            + o.definer()
                            + " (--definers "
                            + definers.cliName()
                            + ")"
                            + (definers == DefinerPolicy.STRIP
                                            && o.kind() != ObjectKind.TRIGGER
                                            && o.kind() != ObjectKind.EVENT
                                    ? "; it runs with the caller's rights (SQL SECURITY INVOKER)"
                                    : ""));
        }
        List<SQLWarning> warnings;
        try {
            warnings = executeCollecting(c, statement);
            if (definers == DefinerPolicy.STRIP
                    && otherDefiner
                    && (o.kind() == ObjectKind.PROCEDURE || o.kind() == ObjectKind.FUNCTION)) {
                execute(
                        c,
                        utf8(
                                "ALTER "
                                        + o.kind().keyword()
                                        + " "
                                        + Sql.qualified(o.database(), o.name())
                                        + " SQL SECURITY INVOKER"));
            }
        } catch (SQLException e) {
            lostConnection(e);
            boolean mayNotSetDefiner =
                    e.getErrorCode() == MySqlErrors.SPECIFIC_ACCESS_DENIED
                            || e.getErrorCode() == TABLE_ACCESS_DENIED;
            if (!mayNotSetDefiner
                    || Definers.definer(statement).isEmpty()
                    || definers == DefinerPolicy.KEEP) {
                return state(
                        o,
                        Status.FAILED,
                        mode.to(),
                        null,
                        notes,
                        MySqlErrors.describe(e) + hint(e));
            }
            try {
                warnings = executeCollecting(c, Definers.withoutDefiner(statement));
            } catch (SQLException again) {
                lostConnection(again);
                return state(
                        o,
                        Status.FAILED,
                        mode.to(),
                        null,
                        notes,
                        MySqlErrors.describe(again)
                                + hint(again)
                                + " (created without its definer "
                                + o.definer()
                                + ", which the target user may not set: "
                                + MySqlErrors.describe(e)
                                + ")");
            }
            definer = currentUser(c);
            notes.add(
                    "created with the target user "
                            + definer
                            + " as its definer: the target user may not create"
                            + " objects for "
                            + o.definer()
                            + " ("
                            + MySqlErrors.describe(e)
                            + ")");
        }
        for (SQLWarning w : warnings) {
            if (w.getErrorCode() == EVENT_DROPPED) {
                return state(
                        o,
                        Status.FAILED,
                        mode.to(),
                        definer,
                        notes,
                        "the target dropped it at once: its schedule"
                                + " has ended and it is ON COMPLETION NOT PRESERVE (["
                                + w.getErrorCode()
                                + "] "
                                + w.getMessage()
                                + ")");
            }
            notes.add(
                    w.getErrorCode() == DEFINER_MISSING
                            ? "its definer "
                                    + definer
                                    + " does not exist on the target: create that account before the "
                                    + o.kind().label()
                                    + " is used (["
                                    + w.getErrorCode()
                                    + "] "
                                    + w.getMessage()
                                    + ")"
                            : "warning [" + w.getErrorCode() + "] " + w.getMessage());
        }
        LOG.debug("created {}", o.label());
        return state(o, Status.COMPLETED, mode.to(), definer, notes, null);
    }

    /**
     * Routines, triggers and events record the database's default collation when they are created;
     * when the target database has another one (the source's database was altered after the object
     * was created), the database is switched for the creation, as mysqldump does. Returns the
     * statement that switches it back, or null.
     */
    private String switchDatabaseCollation(Connection c, SchemaObject o, List<String> notes)
            throws SQLException {
        if (o.databaseCollation() == null) {
            return null;
        }
        String wanted = targetCollation(o.databaseCollation(), o);
        String current = Jdbc.scalar(c, "SELECT @@collation_database");
        if (Charsets.canonical(wanted).equals(Charsets.canonical(current))) {
            return null;
        }
        String currentCharset = Jdbc.scalar(c, "SELECT @@character_set_database");
        String charset =
                Jdbc.scalar(
                        c,
                        "SELECT CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?",
                        Charsets.canonical(wanted));
        if (charset == null) {
            charset =
                    Jdbc.scalar(
                            c,
                            "SELECT CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?",
                            wanted);
        }
        if (charset == null) {
            notes.add(
                    "created under the database collation "
                            + current
                            + ": the target does not know "
                            + wanted
                            + ", the one it had on the source");
            return null;
        }
        String alter = "ALTER DATABASE " + Sql.quote(o.database()) + " CHARACTER SET ";
        try {
            execute(
                    c,
                    utf8(
                            alter
                                    + TargetSchema.word(charset)
                                    + " COLLATE "
                                    + TargetSchema.word(wanted)));
        } catch (SQLException e) {
            lostConnection(e);
            notes.add(
                    "created under the database collation "
                            + current
                            + ", not "
                            + wanted
                            + " as on the"
                            + " source: the target user may not switch it for the creation ("
                            + MySqlErrors.describe(e)
                            + ")");
            return null;
        }
        notes.add(
                "created under its database collation from the source, "
                        + wanted
                        + " (the database's is "
                        + current
                        + ")");
        return alter + TargetSchema.word(currentCharset) + " COLLATE " + TargetSchema.word(current);
    }

    /** Whether the target accepts this sql_mode name: asked once per name. */
    private boolean knows(String mode) {
        return knownModes.computeIfAbsent(
                mode,
                m -> {
                    try {
                        execute(connection, "SET SESSION sql_mode = " + Sql.stringLiteral(m));
                        return true;
                    } catch (SQLException e) {
                        if (e.getErrorCode() != UNKNOWN_MODE) {
                            LOG.warn(
                                    "cannot tell whether the target knows sql_mode {}: {}",
                                    m,
                                    MySqlErrors.describe(e));
                        }
                        return false;
                    }
                });
    }

    private static String hint(SQLException e) {
        return switch (e.getErrorCode()) {
            case 1418, 1419 ->
                    ": set log_bin_trust_function_creators=ON on the target (a server parameter on"
                            + " Azure and RDS), or give the target user SUPER";
            case 1227 -> ": the target user lacks a privilege this object needs";
            case 1049, 1146, 1305, 1356 ->
                    ": it uses an object the target does not have (outside the migrated"
                            + " databases?)";
            default -> "";
        };
    }

    private String currentUser(Connection c) throws SQLException {
        if (user == null) {
            user = Jdbc.scalar(c, "SELECT CURRENT_USER()");
        }
        return user;
    }

    private static ObjectState state(
            SchemaObject o,
            Status status,
            String targetSqlMode,
            String targetDefiner,
            List<String> notes,
            String error) {
        return new ObjectState(
                o.database(),
                o.kind().keyword(),
                o.name(),
                status,
                o.sqlMode(),
                targetSqlMode,
                o.definer(),
                targetDefiner,
                notes,
                error);
    }

    private Connection session() throws SQLException {
        if (connection == null) {
            Connection c = target.openBytes();
            try {
                if (skipBinlog) {
                    execute(c, "SET sql_log_bin = 0");
                }
            } catch (SQLException e) {
                Jdbc.closeQuietly(c, e);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** A lost connection is not the object's failure: the caller may retry on a new one. */
    private void lostConnection(SQLException e) throws SQLException {
        if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
            close();
            throw e;
        }
    }

    /** Text in utf8mb4 for this connection, which sends each char as one byte. */
    private static String utf8(String sql) {
        return new String(sql.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static void execute(Connection c, String bytes) throws SQLException {
        executeCollecting(c, bytes);
    }

    private static List<SQLWarning> executeCollecting(Connection c, String bytes)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(
                    false); // a body may hold {d ...} or {fn ...} text: it is not JDBC's to rewrite
            st.execute(bytes);
            List<SQLWarning> out = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                out.add(w);
            }
            return out;
        }
    }

    @Override
    public void close() {
        Jdbc.closeQuietly(connection, null);
        connection = null;
    }
}
