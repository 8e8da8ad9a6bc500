package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.MigrationReport;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Views, routines, triggers and events arrive as they were created: a corpus written under several
 * sql_modes (5.7's default, ANSI_QUOTES, NO_BACKSLASH_ESCAPES, PIPES_AS_CONCAT) and client
 * character sets (utf8mb4, latin1 with latin1_bin), events in other time zones, definers of another
 * account, objects using other databases' objects, routines whose database collation changed since.
 * Compared source against target: SHOW CREATE of every table, routine, trigger, event (and view
 * between equal versions), the information_schema attributes, and behaviour: routines give the same
 * output, triggers fire alike, views return the same rows.
 *
 * <p>Documented transformations, and only these: events are DISABLED on the target; 5.7 to 8.0
 * drops NO_AUTO_CREATE_USER from sql_modes (recorded per object in the report) and 8.0 calls utf8
 * utf8mb3.
 */
class SchemaObjectsRoundTripIT {

    @ParameterizedTest
    @EnumSource(ServerPair.class)
    void objectsArriveWhole(ServerPair pair) throws Exception {
        SandboxServer source = pair.source();
        SandboxServer target = pair.target();
        String a = TestServers.unique("obj_a");
        String b = TestServers.unique("obj_b");
        String c = TestServers.unique("obj_c");
        String app = TestServers.unique("app");
        for (SandboxServer server : List.of(source, target)) {
            server.createUser(
                    app, "app-secret", "SELECT, INSERT, UPDATE, DELETE, EXECUTE, TRIGGER ON *.*");
        }
        SqlScript.run(
                source,
                "/schema-objects/corpus.sql",
                Map.of(
                        "a",
                        a,
                        "b",
                        b,
                        "c",
                        c,
                        "app",
                        "`" + app + "`@`%`",
                        "appUser",
                        app,
                        "legacyMode",
                        pair.legacySqlMode()));

        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(c, b, a), 2, 1000)).run();

        assertThat(state.status())
                .as("error: %s; objects: %s", state.error(), state.objects())
                .isEqualTo(Status.COMPLETED);
        List<String> dbs = List.of(a, b, c);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(state.objects())
                    .hasSize(count(s, dbs))
                    .allMatch(o -> o.status() == Status.COMPLETED);
            compareAttributes(pair, s, t, dbs);
            compareShowCreate(pair, s, t, a, b, c);
            compareBehaviour(pair, s, t, a, b, c);
        }
        ObjectState daily = object(state, "EVENT", "e_daily");
        assertThat(daily.notes())
                .anyMatch(n -> n.startsWith("created DISABLED (ENABLED on the source)"));
        assertThat(daily.definerChanged()).isFalse();
        assertThat(object(state, "EVENT", "e_replica").notes())
                .anyMatch(n -> n.contains("DISABLE ON SLAVE"));
        assertThat(object(state, "FUNCTION", "f_greet").notes())
                .anyMatch(n -> n.contains("database collation from the source, latin1_swedish_ci"));
        List<ObjectState> translated =
                state.objects().stream().filter(ObjectState::sqlModeTranslated).toList();
        if (pair.upgrade()) {
            assertThat(translated)
                    .extracting(ObjectState::name)
                    .containsExactlyInAnyOrder(
                            "f_value",
                            "f_smile",
                            "p_restock",
                            "items_bi_trim",
                            "items_bi_lower",
                            "e_daily",
                            "e_once",
                            "e_replica");
            assertThat(translated)
                    .allMatch(
                            o ->
                                    o.sqlMode().contains("NO_AUTO_CREATE_USER")
                                            && o.targetSqlMode()
                                                    .equals(pair.expected(o.sqlMode())));
            assertThat(MigrationReport.render(state, null)).contains("\"sqlModeTranslated\"");
        } else {
            assertThat(translated).isEmpty();
        }
    }

    private static int count(Connection s, List<String> dbs) throws Exception {
        int n = 0;
        for (String sql :
                List.of(
                        "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?, ?, ?)",
                        "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?, ?, ?)",
                        "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?, ?, ?)",
                        "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?, ?, ?)")) {
            n += Integer.parseInt(Rows.one(s, sql, dbs.toArray()));
        }
        assertThat(n).isEqualTo(20);
        return n;
    }

    private static ObjectState object(MigrationState state, String kind, String name) {
        return state.objects().stream()
                .filter(o -> o.kind().equals(kind) && o.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** information_schema, every attribute that says how an object was created. */
    private static void compareAttributes(
            ServerPair pair, Connection s, Connection t, List<String> dbs) throws Exception {
        Object[] in = dbs.toArray();
        for (String sql :
                List.of(
                        "SELECT ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME, SQL_MODE, CHARACTER_SET_CLIENT,"
                                + " COLLATION_CONNECTION,"
                                + " DATABASE_COLLATION, SECURITY_TYPE, DEFINER, IS_DETERMINISTIC, SQL_DATA_ACCESS,"
                                + " ROUTINE_DEFINITION"
                                + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?, ?, ?) ORDER BY 1, 2, 3",
                        "SELECT TABLE_SCHEMA, TABLE_NAME, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, SECURITY_TYPE, DEFINER,"
                                + " CHECK_OPTION, IS_UPDATABLE FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?, ?, ?)"
                                + " ORDER BY 1, 2",
                        "SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_SET_NAME,"
                                + " c.COLLATION_NAME"
                                + " FROM information_schema.COLUMNS c JOIN information_schema.VIEWS v ON v.TABLE_SCHEMA ="
                                + " c.TABLE_SCHEMA"
                                + " AND v.TABLE_NAME = c.TABLE_NAME WHERE c.TABLE_SCHEMA IN (?, ?, ?) ORDER BY 1, 2,"
                                + " c.ORDINAL_POSITION",
                        "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_TIMING,"
                                + " EVENT_MANIPULATION,"
                                + " SQL_MODE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION, DEFINER,"
                                + " ACTION_STATEMENT"
                                + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?, ?, ?) ORDER BY 1, 2",
                        "SELECT EVENT_SCHEMA, EVENT_NAME, DEFINER, TIME_ZONE, EVENT_TYPE, EXECUTE_AT, INTERVAL_VALUE,"
                                + " INTERVAL_FIELD,"
                                + " SQL_MODE, STARTS, ENDS, ON_COMPLETION, EVENT_COMMENT, CHARACTER_SET_CLIENT,"
                                + " COLLATION_CONNECTION,"
                                + " DATABASE_COLLATION, EVENT_DEFINITION FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN"
                                + " (?, ?, ?)"
                                + " ORDER BY 1, 2")) {
            assertThat(Rows.of(t, sql, in)).as(sql).isEqualTo(Rows.of(s, pair::expected, sql, in));
        }
        assertThat(
                        Rows.of(
                                t,
                                "SELECT DISTINCT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?, ?, ?)",
                                in))
                .containsExactly("DISABLED");
    }

    private static void compareShowCreate(
            ServerPair pair, Connection s, Connection t, String a, String b, String c)
            throws Exception {
        List<String> shows = new ArrayList<>();
        for (String r :
                Rows.of(
                        s,
                        "SELECT CONCAT(ROUTINE_TYPE, ' `', ROUTINE_SCHEMA, '`.`', ROUTINE_NAME, '`')"
                                + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?, ?, ?)",
                        a,
                        b,
                        c)) {
            shows.add("SHOW CREATE " + r + "|3");
        }
        for (String r :
                Rows.of(
                        s,
                        "SELECT CONCAT('`', TRIGGER_SCHEMA, '`.`', TRIGGER_NAME, '`')"
                                + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?, ?, ?)",
                        a,
                        b,
                        c)) {
            shows.add("SHOW CREATE TRIGGER " + r + "|3");
        }
        for (String r :
                Rows.of(
                        s,
                        "SELECT CONCAT('`', EVENT_SCHEMA, '`.`', EVENT_NAME, '`')"
                                + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?, ?, ?)",
                        a,
                        b,
                        c)) {
            shows.add("SHOW CREATE EVENT " + r + "|4");
        }
        if (pair.sameVersion()) {
            // 5.7 and 8.0 write tables and view texts differently (int(11), qualified columns):
            // between versions, the
            // attributes, view columns and behaviour are compared
            for (String r :
                    Rows.of(
                            s,
                            "SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`')"
                                    + " FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?, ?, ?)",
                            a,
                            b,
                            c)) {
                shows.add("SHOW CREATE TABLE " + r + "|2"); // tables and views
            }
        }
        assertThat(shows).hasSize(pair.sameVersion() ? 22 : 15);
        for (String show : shows) {
            String sql = show.substring(0, show.lastIndexOf('|'));
            int column = Integer.parseInt(show.substring(show.lastIndexOf('|') + 1));
            String expected = pair.expectedDdl(Rows.show(s, sql, column));
            if (sql.startsWith("SHOW CREATE EVENT")) {
                expected =
                        expected.replace(" PRESERVE ENABLE ", " PRESERVE DISABLE ")
                                .replace(" PRESERVE DISABLE ON SLAVE ", " PRESERVE DISABLE ");
            }
            String actual = Rows.show(t, sql, column);
            if (pair.upgrade() && sql.startsWith("SHOW CREATE TRIGGER")) {
                // 5.7 shows a trigger's statement as written, 8.0 writes its head itself: the head
                // is compared above
                expected = expected.substring(expected.indexOf("FOR EACH ROW") + 12).strip();
                actual = actual.substring(actual.indexOf("FOR EACH ROW") + 12).strip();
            }
            assertThat(actual).as(sql).isEqualTo(expected);
        }
    }

    private static void compareBehaviour(
            ServerPair pair, Connection s, Connection t, String a, String b, String c)
            throws Exception {
        String functions =
                "SELECT `"
                        + a
                        + "`.f_value(1), HEX(`"
                        + a
                        + "`.f_smile()), `"
                        + a
                        + "`.f_path(), `"
                        + b
                        + "`.f_greet('x'), HEX(`"
                        + b
                        + "`.f_greet('x')), `"
                        + b
                        + "`.f_case(), `"
                        + b
                        + "`.f_collation(), `"
                        + b
                        + "`.f_after()";
        assertThat(Rows.of(t, functions))
                .isEqualTo(Rows.of(s, functions))
                .singleElement()
                .asString()
                .startsWith("15.00|F09F988020C3A9|C:\\temp\\new|Grüße, x – ok|")
                .contains("|0|latin1_bin|");
        for (String call :
                List.of("CALL `" + a + "`.p_restock(3, 5)", "CALL `" + a + "`.p_quoted()")) {
            assertThat(Rows.call(t, call, v -> v))
                    .as(call)
                    .isEqualTo(Rows.call(s, call, pair::expected));
        }
        for (Connection x : List.of(s, t)) {
            try (var st = x.createStatement()) {
                st.execute("INSERT INTO `" + a + "`.items VALUES (10, '  KiWi ', 1.00, 3)");
            }
        }
        for (String sql :
                List.of(
                        "SELECT * FROM `" + a + "`.items ORDER BY id",
                        "SELECT item, what, trigger_mode FROM `" + a + "`.audit ORDER BY id")) {
            assertThat(Rows.of(t, sql)).as(sql).isEqualTo(Rows.of(s, pair::expected, sql));
        }
        assertThat(Rows.of(t, "SELECT name FROM `" + a + "`.items WHERE id = 10"))
                .containsExactly("kiwi");
        for (String view :
                List.of(
                        a + "`.`v_stock",
                        a + "`.`v_a_ids",
                        b + "`.`v_latin",
                        c + "`.`v_cross",
                        c + "`.`v_on_cross")) {
            String sql = "SELECT * FROM `" + view + "` ORDER BY 1";
            assertThat(Rows.of(t, sql)).as(sql).isEqualTo(Rows.of(s, sql)).isNotEmpty();
        }
    }
}
