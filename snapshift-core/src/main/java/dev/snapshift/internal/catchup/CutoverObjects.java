package dev.snapshift.internal.catchup;

import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.Status;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import dev.snapshift.internal.jdbc.Sql;
import dev.snapshift.internal.schema.Definers;
import dev.snapshift.internal.schema.ObjectCreator;
import dev.snapshift.internal.schema.ObjectKind;
import dev.snapshift.internal.schema.ObjectReader;
import dev.snapshift.internal.schema.SchemaObject;
import dev.snapshift.internal.schema.TableShaper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * At cutover, once writes stopped: the triggers of the migrated databases (never created before,
 * they would have fired a second time for every row the catch-up applied) and the events (created
 * DISABLED by the finish phase) as the source has them now — read from the source, created the way
 * the finish phase creates objects (own sql_mode, character set, definer), and the events that are
 * ENABLED on the source enabled on the target, keeping their definer where the target user may.
 * Anything that fails undoes the triggers created, so a cutover that does not complete leaves no
 * trigger to fire under the catch-up.
 */
final class CutoverObjects {
    private CutoverObjects() {}

    /** What became of each trigger and event; throws after undoing when one could not be made. */
    static List<ObjectState> sync(
            Connection source,
            Connections target,
            List<String> databases,
            boolean skipBinlog,
            TargetOptions options)
            throws SQLException, Failed {
        List<SchemaObject> objects = new ArrayList<>();
        for (SchemaObject o : ObjectReader.read(source, databases)) {
            if ((o.kind() == ObjectKind.TRIGGER || o.kind() == ObjectKind.EVENT)
                    && options.selects(o.database(), o.name())
                    && (o.table() == null || options.selects(o.database(), o.table()))) {
                objects.add(o);
            }
        }
        TableShaper collations;
        try (Connection c = target.open("cutover-collations")) {
            collations = TableShaper.forTarget(c, options, t -> {});
        }
        List<ObjectState> out = new ArrayList<>();
        List<SchemaObject> createdTriggers = new ArrayList<>();
        try (ObjectCreator creator =
                        new ObjectCreator(target, skipBinlog, options.definers(), collations);
                Connection c = target.open("cutover")) {
            if (skipBinlog) {
                Jdbc.execute(c, "SET sql_log_bin = 0");
            }
            for (SchemaObject o : objects) {
                Jdbc.execute(
                        c,
                        "DROP "
                                + o.kind().keyword()
                                + " IF EXISTS "
                                + Sql.qualified(o.database(), o.name()));
                ObjectState s = creator.create(o);
                if (s.status() != Status.COMPLETED) {
                    throw new Failed(
                            s.label() + " could not be created on the target: " + s.error(), out);
                }
                List<String> notes = new ArrayList<>(s.notes());
                if (o.kind() == ObjectKind.TRIGGER) {
                    createdTriggers.add(o);
                    notes.add("created at cutover");
                } else if ("ENABLED".equalsIgnoreCase(o.eventStatus())) {
                    notes.removeIf(n -> n.startsWith("created DISABLED"));
                    notes.add(enable(c, o, s));
                }
                out.add(
                        new ObjectState(
                                s.database(),
                                s.kind(),
                                s.name(),
                                s.status(),
                                s.sqlMode(),
                                s.targetSqlMode(),
                                s.definer(),
                                s.targetDefiner(),
                                notes,
                                null));
            }
        } catch (SQLException | Failed | RuntimeException e) {
            dropTriggers(target, createdTriggers, e);
            throw e;
        }
        return out;
    }

    /**
     * {@code ALTER DEFINER = d EVENT e ENABLE} keeps its definer (ALTER EVENT alone makes the
     * account running it the definer); without the right to name another definer, plain ALTER.
     */
    private static String enable(Connection c, SchemaObject o, ObjectState created)
            throws SQLException {
        String name = Sql.qualified(o.database(), o.name());
        String clause =
                Definers.definer(o.statement())
                        .map(
                                d ->
                                        new String(
                                                d.getBytes(StandardCharsets.ISO_8859_1),
                                                StandardCharsets.UTF_8))
                        .orElse(null);
        if (clause != null && !created.definerChanged()) {
            try {
                Jdbc.execute(c, "ALTER DEFINER = " + clause + " EVENT " + name + " ENABLE");
                return "enabled at cutover (ENABLED on the source)";
            } catch (SQLException e) {
                if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
                    throw e;
                }
            }
        }
        Jdbc.execute(c, "ALTER EVENT " + name + " ENABLE");
        return "enabled at cutover (ENABLED on the source) by the target user, now its definer";
    }

    private static void dropTriggers(
            Connections target, List<SchemaObject> triggers, Throwable into) {
        if (triggers.isEmpty()) {
            return;
        }
        try (Connection c = target.open("cutover-undo")) {
            for (SchemaObject t : triggers) {
                Jdbc.execute(c, "DROP TRIGGER IF EXISTS " + Sql.qualified(t.database(), t.name()));
            }
        } catch (SQLException | RuntimeException e) {
            into.addSuppressed(e);
        }
    }

    /** A trigger or event that could not be created: the cutover cannot complete. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<ObjectState> done;

        Failed(String message, List<ObjectState> done) {
            super(message);
            this.done = List.copyOf(done);
        }

        List<ObjectState> done() {
            return done;
        }
    }
}
