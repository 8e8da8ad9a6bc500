package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data written under {@code sql_mode=''}, as old applications left it, copies exactly, through LOAD
 * DATA and through the INSERT fallback: ENUM error values (index 0), also beside a declared {@code
 * ''} member and beside digit members, SET values with a declared {@code ''} member, in utf8mb4 and
 * utf16; a VIRTUAL generated column whose expression overflows for a stored row. Compared by index
 * ({@code col+0}) and by bytes.
 */
class LegacyValuesIT {
    static final String DDL =
            """
            CREATE TABLE legacy (
              id INT NOT NULL PRIMARY KEY,
              e ENUM('a','b') NOT NULL,
              e_empty ENUM('','x','y'),
              e_digits ENUM('0','1','a'),
              e_utf16 ENUM('é','ü') CHARACTER SET utf16,
              s_empty SET('','p','q'),
              n INT,
              v INT AS (n * 1000000) VIRTUAL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """;

    /** Invalid values ('zz', 'zz,p') store index 0 / drop the member under sql_mode=''. */
    static final String[] ROWS = {
        "(1, 'zz', 'zz', 'zz', 'zz', ',p', 3000, DEFAULT)",
        "(2, 'a', '', '1', 'é', 'p', 1, DEFAULT)",
        "(3, 'b', 'x', 'a', 'zz', '', NULL, DEFAULT)",
        "(4, 'zz', NULL, '0', 'ü', ',p,q', -3000, DEFAULT)",
        "(5, 'a', 'zz', NULL, NULL, NULL, 2, DEFAULT)",
    };

    static Stream<Arguments> pairsAndWriters() {
        List<Arguments> out = new ArrayList<>();
        for (ServerPair pair : ServerPair.values()) {
            out.add(Arguments.of(pair, true));
            out.add(Arguments.of(pair, false));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, LOAD DATA {1}")
    @MethodSource("pairsAndWriters")
    void legacyValuesCopyExactly(ServerPair pair, boolean loadData) throws Exception {
        SandboxServer source = pair.source();
        SandboxServer target = pair.target();
        String db = TestServers.unique("legacy");
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + db + "`");
            st.execute("USE `" + db + "`");
            st.execute(DDL);
            st.execute("SET SESSION sql_mode = ''");
            for (String row : ROWS) {
                st.execute("INSERT INTO legacy VALUES " + row);
            }
        }
        MigrationState state = migrate(source, target, db, loadData);

        assertThat(state.status())
                .as("%s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        // the VIRTUAL column's overflow warnings were accepted (nothing stored changes), and the
        // report says so
        assertThat(state.databases().get(0).tables().get(0).notes())
                .as("notes of the table")
                .anySatisfy(n -> assertThat(n).contains("change no stored value"));
        String sql =
                "SELECT id, e + 0, HEX(e), e_empty + 0, HEX(e_empty), e_digits + 0, HEX(e_digits), e_utf16 + 0,"
                        + " HEX(e_utf16), s_empty + 0, HEX(s_empty), n, v FROM `"
                        + db
                        + "`.legacy ORDER BY id";
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            // the error values really are there: index 0 in every ENUM of row 1, and the ''
            // member's bit in its SET
            assertThat(
                            Rows.of(
                                    s,
                                    "SELECT e + 0 = 0 AND e_empty + 0 = 0 AND e_digits + 0 = 0 AND e_utf16 + 0 = 0"
                                            + " AND s_empty + 0 = 3 FROM `"
                                            + db
                                            + "`.legacy WHERE id = 1"))
                    .containsExactly("1");
            assertThat(Rows.of(t, sql)).isEqualTo(Rows.of(s, sql));
            if (pair.sameVersion()) {
                String show = "SHOW CREATE TABLE `" + db + "`.legacy";
                assertThat(Rows.show(t, show, 2)).isEqualTo(Rows.show(s, show, 2));
            }
            // between versions the texts differ (int(11)), the definitions may not
            String columns =
                    "SELECT COLUMN_NAME, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, IS_NULLABLE,"
                            + " COLUMN_DEFAULT,"
                            + " GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY"
                            + " ORDINAL_POSITION";
            assertThat(Rows.of(t, columns, db))
                    .isEqualTo(Rows.of(s, pair::expectedDdl, columns, db));
        }
    }

    /**
     * A STORED generated column's warning may mean another stored value: its table still fails,
     * saying why.
     */
    @Test
    void aWarningOnAStoredValueStillFailsTheTable() throws Exception {
        SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
        SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);
        String db = TestServers.unique("stored");
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + db + "`");
            st.execute("USE `" + db + "`");
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, n INT, g INT AS (n * 1000000) STORED)");
            st.execute("SET SESSION sql_mode = ''");
            st.execute("INSERT INTO t (id, n) VALUES (1, 3000), (2, 1)");
        }
        MigrationState state = migrate(source, target, db, true);
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.databases().get(0).tables().get(0).error())
                .contains("[1264] Out of range value for column 'g' at row 1");
    }

    private static MigrationState migrate(
            SandboxServer source, SandboxServer target, String db, boolean loadData) {
        // the runner picks the INSERT writer when the target has local_infile=OFF; tests of this
        // JVM run one at a time
        target.execute("SET GLOBAL local_infile = " + (loadData ? 1 : 0));
        try {
            return Migration.of(TestServers.config(source, target, List.of(db), 2, 2)).run();
        } finally {
            target.execute("SET GLOBAL local_infile = 1");
        }
    }
}
