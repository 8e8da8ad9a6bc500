package dev.snapshift.internal.preflight;

import dev.snapshift.api.DefinerPolicy;
import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.Transformation;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.Definers;
import dev.snapshift.internal.schema.NameFolding;
import dev.snapshift.internal.schema.ServerCapabilities;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.TableShaper;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a target shaped differently from the source (a managed cloud database: {@code
 * lower_case_table_names=1}, generated invisible primary keys, no SUPER, InnoDB only) means for
 * this migration, found before anything is written: names that collide once folded (refused),
 * definers the target account may not set, functions and triggers binary logging would refuse
 * (ERROR 1419), and every change snapshift will make, listed.
 */
final class TargetShape {
    static final String NAMES = "names on the target";
    static final String DEFINERS = "definers";
    static final String FUNCTION_CREATORS = "functions and triggers";
    static final String TRANSFORMATIONS = "transformations";
    static final String ENGINES = "engines on the target";

    private TargetShape() {}

    /**
     * The target folds names (lower_case_table_names=1): two names that become one are refused, the
     * rest listed.
     */
    static PreflightCheck names(PreflightContext c) {
        NameFolding folding = NameFolding.of(c.targetFacts().variable("lower_case_table_names"));
        NameFolding sourceFolding =
                NameFolding.of(c.sourceFacts().variable("lower_case_table_names"));
        if (!folding.folds() || sourceFolding.folds()) {
            return PreflightCheck.ok(NAMES, "database and table names arrive as they are");
        }
        List<String> clashes = new ArrayList<>();
        for (List<String> group : folding.collisions(c.databases())) {
            clashes.add(
                    "databases "
                            + String.join(" and ", group)
                            + " become one: "
                            + folding.fold(group.get(0)));
        }
        for (String db : c.databases()) {
            List<String> names =
                    c.tables().stream()
                            .filter(t -> t.database().equals(db))
                            .map(TableInfo::name)
                            .toList();
            for (List<String> group : folding.collisions(names)) {
                clashes.add(
                        "tables "
                                + String.join(
                                        " and ", group.stream().map(n -> db + "." + n).toList())
                                + " become one: "
                                + folding.fold(db)
                                + "."
                                + folding.fold(group.get(0)));
            }
        }
        if (!clashes.isEmpty()) {
            return PreflightCheck.fail(
                    NAMES,
                    "the target has lower_case_table_names=1 (names stored in lower case,"
                            + " compared without case): "
                            + String.join("; ", clashes)
                            + "; nothing was written",
                    "rename one of each pair on the source (RENAME TABLE ...), or leave one out with"
                            + " --exclude-tables db.table");
        }
        List<String> folded =
                folded(c, folding).stream().map(t -> t.from() + " -> " + t.to()).toList();
        return PreflightCheck.ok(
                NAMES,
                folded.isEmpty()
                        ? "the target stores names in lower case; every selected"
                                + " name is already"
                        : "the target stores names in lower case (lower_case_table_names=1): "
                                + Texts.names(folded)
                                + "; views, routines and triggers that name them still work (the target"
                                + " compares names without case)");
    }

    static List<Transformation> folded(PreflightContext c, NameFolding folding) {
        List<Transformation> out = new ArrayList<>();
        String why = "lower_case_table_names=1 on the target";
        for (String db : c.databases()) {
            if (!folding.fold(db).equals(db)) {
                out.add(new Transformation("name", db, db, folding.fold(db), why));
            }
        }
        for (TableInfo t : c.tables()) {
            if (!folding.fold(t.name()).equals(t.name())
                    || !folding.fold(t.database()).equals(t.database())) {
                out.add(
                        new Transformation(
                                "name",
                                t.qualifiedName(),
                                t.qualifiedName(),
                                folding.fold(t.database()) + "." + folding.fold(t.name()),
                                why));
            }
        }
        return out;
    }

    /**
     * Objects of another definer than the target account, and what the definer policy makes of
     * them.
     */
    static PreflightCheck definers(PreflightContext c) throws SQLException {
        List<String[]> objects = definedObjects(c);
        String account = c.targetFacts().grants().account();
        List<String> others =
                objects.stream()
                        .filter(o -> !Definers.sameAccount(o[2], account))
                        .map(o -> o[0].toLowerCase(Locale.ROOT) + " " + o[1] + " (" + o[2] + ")")
                        .toList();
        DefinerPolicy policy = c.config().targetOptions().definers();
        boolean maySet =
                c.targetFacts().grants().anyGlobal("SUPER", "SET_USER_ID", "SET_ANY_DEFINER");
        if (others.isEmpty()) {
            return PreflightCheck.ok(
                    DEFINERS,
                    objects.isEmpty()
                            ? "no views, routines, triggers or events"
                            : "every object's definer is the target account " + account);
        }
        switch (policy) {
            case KEEP -> {
                if (!maySet) {
                    return PreflightCheck.fail(
                            DEFINERS,
                            "--definers keep, but the target account "
                                    + account
                                    + " may not create objects for another account (it lacks SET_USER_ID / SUPER): "
                                    + Texts.names(others),
                            "use --definers current-user (the target account becomes their"
                                    + " definer) or --definers strip (and they run with the caller's rights), or grant"
                                    + " SET_USER_ID on the target where the platform allows it");
                }
                return PreflightCheck.ok(
                        DEFINERS, "their definers are kept: " + Texts.names(others));
            }
            case CURRENT_USER, STRIP -> {
                return PreflightCheck.ok(
                        DEFINERS,
                        "--definers "
                                + policy.cliName()
                                + ": "
                                + account
                                + " becomes the"
                                + " definer of "
                                + Texts.names(others)
                                + (policy == DefinerPolicy.STRIP
                                        ? "; views and routines among them run with the caller's rights (SQL SECURITY INVOKER)"
                                        : ""));
            }
            default -> {
                if (maySet) {
                    return PreflightCheck.ok(
                            DEFINERS,
                            "their definers are kept (the target account may set them): "
                                    + Texts.names(others));
                }
                return PreflightCheck.warn(
                        DEFINERS,
                        "the target account "
                                + account
                                + " may not create objects for"
                                + " another account (no SET_USER_ID / SUPER, as on Azure and RDS): it becomes the definer of "
                                + Texts.names(others)
                                + "; each is recorded in the report",
                        "nothing to do if that is fine; --definers strip makes views and routines run with the"
                                + " caller's rights instead; --definers keep refuses instead");
            }
        }
    }

    /**
     * ERROR 1419: with binary logging on, an account without SUPER may not create functions or
     * triggers unless {@code log_bin_trust_function_creators} is ON (a server parameter on Azure
     * and RDS).
     */
    static PreflightCheck functionCreators(PreflightContext c) throws SQLException {
        List<String> needing =
                definedObjects(c).stream()
                        .filter(o -> o[0].equals("FUNCTION") || o[0].equals("TRIGGER"))
                        .map(o -> o[0].toLowerCase(Locale.ROOT) + " " + o[1])
                        .toList();
        boolean binlog = c.targetFacts().on("log_bin");
        boolean trust = c.targetFacts().on("log_bin_trust_function_creators");
        boolean superUser = c.targetFacts().grants().anyGlobal("SUPER");
        if (needing.isEmpty() || !binlog || trust || superUser) {
            return PreflightCheck.ok(
                    FUNCTION_CREATORS,
                    needing.isEmpty()
                            ? "no functions or triggers"
                            : "the target takes them ("
                                    + (!binlog
                                            ? "binary logging off"
                                            : trust
                                                    ? "log_bin_trust_function_creators=ON"
                                                    : "the account has SUPER")
                                    + ")");
        }
        return PreflightCheck.fail(
                FUNCTION_CREATORS,
                "the target has binary logging on and"
                        + " log_bin_trust_function_creators=OFF, and the target account has no SUPER: it would refuse to"
                        + " create "
                        + Texts.names(needing)
                        + " (ERROR 1419); nothing was written",
                "set log_bin_trust_function_creators=ON on the target (Azure and RDS: the server parameter of that"
                        + " name; elsewhere SET PERSIST log_bin_trust_function_creators = ON), then run again");
    }

    /**
     * Tables whose engine the target lacks or has disabled (managed databases take InnoDB only):
     * refused unless {@code --force-innodb} makes them InnoDB.
     */
    static PreflightCheck engines(PreflightContext c) throws SQLException {
        java.util.Set<String> usable = ServerCapabilities.usableEngines(c.target());
        List<String> refused =
                c.tables().stream()
                        .filter(
                                t ->
                                        t.engine() != null
                                                && !usable.contains(
                                                        t.engine().toUpperCase(Locale.ROOT)))
                        .map(t -> t.qualifiedName() + " (" + t.engine() + ")")
                        .toList();
        if (refused.isEmpty()) {
            return PreflightCheck.ok(ENGINES, "the target takes every table's engine");
        }
        if (c.config().targetOptions().forceInnodb()) {
            return PreflightCheck.ok(
                    ENGINES,
                    refused.size()
                            + " table(s) become InnoDB (--force-innodb): "
                            + Texts.names(refused));
        }
        return PreflightCheck.fail(
                ENGINES,
                "the target does not take the engine of "
                        + refused.size()
                        + " table(s): "
                        + Texts.names(refused)
                        + "; nothing was written",
                "add --force-innodb to create them as InnoDB on the target (listed as"
                        + " transformations), or leave them out with --exclude-tables");
    }

    /**
     * Kind, qualified name and definer of every view, routine, trigger and event of the selected
     * databases (read once per preflight: {@link PreflightContext#objects()}).
     */
    static List<String[]> definedObjects(PreflightContext c) throws SQLException {
        return c.objects().get(c);
    }

    /** {@link #definedObjects}, read from the source. */
    static List<String[]> readDefinedObjects(PreflightContext c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        for (String db : c.databases()) {
            out.addAll(
                    Jdbc.query(
                                    c.source(),
                                    "SELECT 'VIEW', CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), DEFINER"
                                            + " FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? UNION ALL"
                                            + " SELECT ROUTINE_TYPE, CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME), DEFINER"
                                            + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? UNION ALL"
                                            + " SELECT 'TRIGGER', CONCAT(TRIGGER_SCHEMA, '.', TRIGGER_NAME), DEFINER"
                                            + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? UNION ALL"
                                            + " SELECT 'EVENT', CONCAT(EVENT_SCHEMA, '.', EVENT_NAME), DEFINER"
                                            + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                                    rs ->
                                            new String[] {
                                                rs.getString(1), rs.getString(2), rs.getString(3)
                                            },
                                    db,
                                    db,
                                    db,
                                    db)
                            .stream()
                            .filter(
                                    o ->
                                            c.config()
                                                    .targetOptions()
                                                    .selects(db, o[1].substring(db.length() + 1)))
                            .toList());
        }
        return out;
    }

    /** Every change snapshift will make for this target, listed before anything is written. */
    static PreflightCheck transformations(PreflightContext c) {
        List<Transformation> all = planned(c);
        if (all.isEmpty()) {
            return PreflightCheck.ok(TRANSFORMATIONS, "none: the target takes the source as it is");
        }
        return PreflightCheck.ok(
                TRANSFORMATIONS,
                all.size()
                        + " change(s) for the target: "
                        + Texts.names(all.stream().map(Transformation::describe).toList()));
    }

    /** The planned changes: folded names, engines, invisible primary keys. */
    static List<Transformation> planned(PreflightContext c) {
        List<Transformation> out =
                new ArrayList<>(
                        folded(
                                c,
                                NameFolding.of(
                                        c.targetFacts().variable("lower_case_table_names"))));
        boolean gipk = c.targetFacts().on("sql_generate_invisible_primary_key");
        for (TableInfo t : c.tables()) {
            if (c.config().targetOptions().forceInnodb()
                    && t.engine() != null
                    && !t.engine().equalsIgnoreCase("InnoDB")) {
                out.add(
                        new Transformation(
                                "engine",
                                t.qualifiedName(),
                                t.engine(),
                                "InnoDB",
                                "--force-innodb"));
            }
            Transformation key =
                    TableShaper.keyChange(t, gipk, c.config().targetOptions().createInvisiblePks());
            if (key != null) {
                out.add(key);
            }
        }
        return out;
    }
}
