package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.ConnectionSpec;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What happens to schema objects the target does not take as they are: one that cannot be created
 * stops no other, the run then fails naming each such object with its own error; a target user that
 * may not create objects for another account (Azure, RDS) creates them as itself, whatever quoting
 * their DEFINER is written in, and says so.
 */
class SchemaObjectFailuresIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void oneObjectThatCannotBeCreatedStopsNoOther() throws Exception {
        String x = TestServers.unique("fx");
        String y = TestServers.unique("fy"); // not migrated: what x's broken views use
        source.execute(
                "CREATE DATABASE `" + x + "`",
                "CREATE DATABASE `" + y + "`",
                "CREATE TABLE `" + y + "`.t_y (id INT PRIMARY KEY)",
                "CREATE FUNCTION `" + y + "`.f_y() RETURNS INT DETERMINISTIC RETURN 7",
                "CREATE TABLE `" + x + "`.t (id INT PRIMARY KEY, n INT)",
                "INSERT INTO `" + x + "`.t VALUES (1, 10), (2, 20)",
                // named to be created first: the objects after them must still be created
                "CREATE VIEW `" + x + "`.a_needs_table AS SELECT id FROM `" + y + "`.t_y",
                "CREATE VIEW `" + x + "`.b_needs_function AS SELECT `" + y + "`.f_y() AS v",
                "CREATE VIEW `" + x + "`.c_fine AS SELECT id, n FROM `" + x + "`.t",
                "CREATE FUNCTION `" + x + "`.f_fine() RETURNS INT DETERMINISTIC RETURN 1",
                "CREATE PROCEDURE `" + x + "`.p_fine() SELECT 1",
                "CREATE TRIGGER `"
                        + x
                        + "`.t_bi BEFORE INSERT ON `"
                        + x
                        + "`.t FOR EACH ROW SET NEW.n = NEW.n + 1",
                "CREATE EVENT `"
                        + x
                        + "`.e_fine ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01' DO SELECT 1");

        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(x), 2, 1000)).run();

        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errorCode()).isEqualTo(ErrorCode.COPY); // exit code 5
        assertThat(state.error())
                .startsWith(
                        "2 of 7 views, routines, triggers and events could not be created on the target")
                .contains("view " + x + ".a_needs_table: [1049] Unknown database '" + y + "'")
                .contains(
                        "view "
                                + x
                                + ".b_needs_function: [1305] FUNCTION "
                                + y
                                + ".f_y does not exist");
        assertThat(state.databases().get(0).tables())
                .allMatch(t -> t.status() == Status.COMPLETED && t.rows() == 2);
        assertThat(state.objects())
                .extracting(o -> o.name() + ":" + o.status())
                .containsExactlyInAnyOrder(
                        "a_needs_table:FAILED",
                        "b_needs_function:FAILED",
                        "c_fine:COMPLETED",
                        "f_fine:COMPLETED",
                        "p_fine:COMPLETED",
                        "t_bi:COMPLETED",
                        "e_fine:COMPLETED");
        assertThat(state.objects())
                .filteredOn(o -> o.status() == Status.FAILED)
                .extracting(ObjectState::error)
                .containsExactlyInAnyOrder(
                        "[1049] Unknown database '"
                                + y
                                + "': it uses an object the target does not have (outside the"
                                + " migrated databases?)",
                        "[1305] FUNCTION "
                                + y
                                + ".f_y does not exist: it uses an object the target does not have (outside"
                                + " the migrated databases?)");
        try (Connection t = target.connect()) {
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY 1",
                                    x))
                    .containsExactly("f_fine", "p_fine");
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
                                    x))
                    .containsExactly("c_fine");
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                                    x))
                    .containsExactly("t_bi");
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT CONCAT(EVENT_NAME, ' ', STATUS) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                                    x))
                    .containsExactly("e_fine DISABLED");
        }
    }

    @Test
    void aTargetUserThatMayNotSetDefinersCreatesTheObjectsAsItself() throws Exception {
        String db = TestServers.unique("fd");
        String other = TestServers.unique("other");
        String user = TestServers.unique("mig");
        source.createUser(other, "pw", "ALL ON *.*");
        source.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, n INT)",
                "CREATE TABLE `"
                        + db
                        + "`.log (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(20))");
        try (Connection c = source.connect();
                var st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
            st.execute("USE `" + db + "`");
            // SHOW CREATE writes these definers with double quotes, as they were created
            st.execute(
                    "CREATE DEFINER=\""
                            + other
                            + "\"@\"%\" PROCEDURE \"p\"() SELECT COUNT(*) FROM \"t\"");
            st.execute(
                    "CREATE DEFINER=\""
                            + other
                            + "\"@\"%\" FUNCTION \"f\"() RETURNS INT DETERMINISTIC RETURN 42");
            st.execute(
                    "CREATE DEFINER=\""
                            + other
                            + "\"@\"%\" TRIGGER \"t_ai\" AFTER INSERT ON \"t\" FOR EACH ROW"
                            + " INSERT INTO \"log\" (\"what\") VALUES ('inserted')");
            st.execute(
                    "CREATE DEFINER=\""
                            + other
                            + "\"@\"%\" SQL SECURITY INVOKER VIEW \"v\" AS SELECT \"id\" FROM \"t\"");
            st.execute(
                    "CREATE DEFINER=\""
                            + other
                            + "\"@\"%\" EVENT \"e\" ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01'"
                            + " ON COMPLETION PRESERVE ENABLE DO DELETE FROM \"log\" WHERE \"id\" < 0");
            st.execute("SET SESSION sql_mode = DEFAULT");
            st.execute("CREATE DEFINER=`" + other + "`@`%` PROCEDURE p_backquoted() SELECT 1");
        }
        // like Azure's admin: every privilege on the data, none to act as another account
        // (SET_USER_ID, SUPER)
        target.createUser(
                user,
                "mig-secret",
                "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER,"
                        + " CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER"
                        + " ROUTINE,"
                        + " EVENT, TRIGGER ON *.*");
        target.execute(
                "SET GLOBAL log_bin_trust_function_creators = ON"); // Azure's advice for routines
        // under binlog
        MigrationState state;
        try {
            MigrationConfig config =
                    TestServers.config(source, target, List.of(db), 2, 1000)
                            .withTarget(
                                    ConnectionSpec.parse(
                                            "target",
                                            "mysql://"
                                                    + user
                                                    + "@"
                                                    + target.host()
                                                    + ":"
                                                    + target.port(),
                                            "mig-secret"));
            state = Migration.of(config).run();
        } finally {
            target.execute("SET GLOBAL log_bin_trust_function_creators = OFF");
        }

        assertThat(state.status())
                .as("%s %s", state.error(), state.objects())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.objects())
                .hasSize(6)
                .allSatisfy(
                        o -> {
                            assertThat(o.definer()).isEqualTo(other + "@%");
                            assertThat(o.targetDefiner()).isEqualTo(user + "@%");
                            assertThat(o.definerChanged()).isTrue();
                            assertThat(o.notes())
                                    .anyMatch(
                                            n ->
                                                    n.startsWith(
                                                                    "created with the target user "
                                                                            + user
                                                                            + "@% as its definer")
                                                            && n.contains("[1227]"));
                        });
        try (Connection t = target.connect()) {
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT DISTINCT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
                                    db))
                    .containsExactly(user + "@%");
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT CONCAT(DEFINER, ' ', STATUS) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                                    db))
                    .containsExactly(user + "@% DISABLED");
            assertThat(
                            Rows.of(
                                    t,
                                    "SELECT CONCAT(DEFINER, ' ', SQL_MODE) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                                    db))
                    .containsExactly(user + "@% ANSI_QUOTES");
            try (var st = t.createStatement()) {
                st.execute("INSERT INTO `" + db + "`.t VALUES (1, 1)");
            }
            assertThat(Rows.of(t, "SELECT what FROM `" + db + "`.log")).containsExactly("inserted");
        }
    }
}
