package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every column type round-trips bit-exactly: each column compared as HEX (or, for numbers, as the
 * server's exact text) between source and target, generated columns recomputed, DDL compared with
 * SHOW CREATE TABLE.
 */
class TypeRoundTripIT {

    static final String DDL =
            """
            CREATE TABLE all_types (
              id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,
              i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
              d DECIMAL(65,30), d0 DECIMAL(10,0), f FLOAT, dbl DOUBLE, b1 BIT(1), b64 BIT(64),
              dt DATE, dtm DATETIME(6), dtm0 DATETIME, ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), yr YEAR,
              cl CHAR(10) CHARACTER SET latin1, vl VARCHAR(100) CHARACTER SET latin1, tl TEXT CHARACTER SET latin1,
              cu CHAR(10) CHARACTER SET utf8mb4, vu VARCHAR(100) CHARACTER SET utf8mb4, tu LONGTEXT CHARACTER SET utf8mb4,
              bn BINARY(8), vb VARBINARY(100), bl BLOB, lb LONGBLOB,
              e ENUM('a','b','c d'), s SET('x','y','z'),
              j JSON, g GEOMETRY, p POINT,
              gen BIGINT GENERATED ALWAYS AS (i * 2) VIRTUAL,
              gens VARCHAR(120) GENERATED ALWAYS AS (CONCAT(vu, '!')) STORED
            ) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4
            """;

    static final String[] ROWS = {
        // minimums and zero dates
        "(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
                + " -99999999999999999999999999999999999.999999999999999999999999999999, -9999999999, -3.40282e38, -1.7976931348623157e308,"
                + " b'0', b'0', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '-838:59:59.000000', 0,"
                + " '', '', '', '', '', '', '', '', '', '', 'a', '', 'null', ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POINT(1 2)'), DEFAULT, DEFAULT)",
        // maximums, 4-byte characters, binary with NUL and backslash
        "(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,"
                + " 99999999999999999999999999999999999.999999999999999999999999999999, 9999999999, 3.40282e38, 1.7976931348623157e308,"
                + " b'1', b'1111111111111111111111111111111111111111111111111111111111111111', '9999-12-31', '9999-12-31 23:59:59.999999',"
                + " '9999-12-31 23:59:59', '2038-01-19 03:14:07.999999', '838:59:59.000000', 2155,"
                + " 'é\\\\\\'x', 'àçñ ÿ', CONCAT('latin ', CHAR(0), ' nul'), '😀', 'Grüße 日本 😀 \\\\ \\' \"', REPEAT('😀ü', 5000),"
                + " UNHEX('00FF5C2700000000'), UNHEX('005C00270A0D1A'), UNHEX(REPEAT('00FF5C', 1000)), UNHEX(REPEAT('DEADBEEF00', 20000)),"
                + " 'c d', 'x,y,z', '{\"a\": [1, 2.5, \"ü😀\", null, true], \"b\": {\"c\": 1.0e300, \"d\": -0.000001}}',"
                + " ST_GeomFromText('LINESTRING(0 0, 1.5 1.25, 2 2)', 4326), ST_GeomFromText('POINT(-1.123456789 2.987654321)'), DEFAULT, DEFAULT)",
        // NULL everywhere
        "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, DEFAULT, DEFAULT)",
        // awkward values: floats that need every digit, tiny decimals, a leap second boundary,
        // ordinary dates
        "(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0.000000000000000000000000000001, 1, 1.17549e-38, 2.2250738585072014e-308,"
                + " b'1', b'1010', '2024-02-29', '2024-02-29 12:34:56.000001', '1970-01-01 00:00:00', '1970-01-01 00:00:01.000000',"
                + " '00:00:00.000001', 1901, ' ', 'trailing  ', '  leading', 'x ', 'tab\\there', 'line\\nbreak\\r\\n',"
                + " UNHEX('20'), UNHEX(''), UNHEX(''), UNHEX('00'), 'b', 'y', '[]', NULL, NULL, DEFAULT, DEFAULT)",
        // an explicit 0 in the AUTO_INCREMENT column must stay 0
        "(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5, 42, 0.1, 0.1, b'0', b'1', '2000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00',"
                + " NULL, '12:00:00', 2000, 'z', 'z', 'z', 'z', 'z', 'z', UNHEX('01'), UNHEX('01'), UNHEX('01'), UNHEX('01'), 'a', 'x',"
                + " '{\"k\": \"v\"}', NULL, NULL, DEFAULT, DEFAULT)"
    };

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MARIADB_11_4_5"})
    void everyTypeRoundTripsBitExactly(Flavor flavor) throws Exception {
        roundTrip(TestServers.source(flavor), TestServers.target(flavor));
    }

    /**
     * The same through multi-row INSERT: the writer used when the target refuses LOAD DATA LOCAL
     * INFILE.
     */
    @org.junit.jupiter.api.Test
    void everyTypeRoundTripsThroughTheInsertFallback() throws Exception {
        try (SandboxServer noInfile =
                SandboxServer.start(
                        dev.snapshift.sandbox.SandboxOptions.of(Flavor.MYSQL_8_0_33)
                                .withServerId(88)
                                .withExtraArgs(List.of("--local-infile=0")))) {
            roundTrip(TestServers.source(Flavor.MYSQL_8_0_33), noInfile);
        }
    }

    private static void roundTrip(SandboxServer source, SandboxServer target) throws Exception {
        String db = TestServers.unique("types");
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
            st.execute("SET time_zone = '+00:00'");
            st.execute("CREATE DATABASE `" + db + "`");
            st.execute("USE `" + db + "`");
            st.execute(DDL);
            for (String row : ROWS) {
                st.execute("INSERT INTO all_types VALUES " + row);
            }
            // every byte value, then the escaped ones back to back, then every value again
            // backwards: the escape of the LOAD DATA stream, at a value's ends and mid-run
            StringBuilder hex = new StringBuilder();
            for (int b = 0; b < 256; b++) {
                hex.append(String.format("%02X", b));
            }
            hex.append("5C5C09090A0A0D0D00005C090A0D00");
            for (int b = 255; b >= 0; b--) {
                hex.append(String.format("%02X", b));
            }
            st.execute("UPDATE all_types SET bl = UNHEX('" + hex + "') WHERE id = 2");
            st.execute("UPDATE all_types SET vb = UNHEX('095C') WHERE id = 4");
        }
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 2)).run();
        assertThat(state.status())
                .as("error: %s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.totalRows()).isEqualTo(ROWS.length);

        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(values(t, db, "id")).containsExactly("0", "1", "2", "3", "4");
            List<String> columns = columns(s, db);
            assertThat(columns).hasSizeGreaterThan(35);
            for (String col : columns) {
                String expr = "HEX(`" + col + "`)";
                if (numeric(s, db, col)) {
                    expr = "CAST(`" + col + "` AS CHAR)";
                }
                assertThat(values(t, db, expr)).as("column %s", col).isEqualTo(values(s, db, expr));
            }
            assertThat(showCreate(t, db)).isEqualTo(showCreate(s, db));
        }
    }

    private static boolean numeric(Connection c, String db, String col) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='"
                                        + db
                                        + "' AND TABLE_NAME='all_types'"
                                        + " AND COLUMN_NAME='"
                                        + col
                                        + "'")) {
            rs.next();
            return List.of(
                            "tinyint",
                            "smallint",
                            "mediumint",
                            "int",
                            "bigint",
                            "decimal",
                            "float",
                            "double",
                            "year")
                    .contains(rs.getString(1));
        }
    }

    static String showCreate(Connection c, String db) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + db + "`.all_types")) {
            rs.next();
            return rs.getString(2);
        }
    }

    static List<String> columns(Connection c, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                                        + " WHERE TABLE_SCHEMA='"
                                        + db
                                        + "' AND TABLE_NAME='all_types' ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<String> values(Connection c, String db, String expr) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT " + expr + " FROM `" + db + "`.all_types ORDER BY id")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
