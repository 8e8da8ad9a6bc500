package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.CutoverRequest;
import dev.snapshift.api.CutoverState;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.OnlineOptions;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values through the catch-up, bit for bit: every column type the binary log encodes its own way
 * (unsigned integers, BIT, YEAR 0, zero and partial dates, negative TIME, fractional seconds,
 * TIMESTAMP, FLOAT/DOUBLE extremes, DECIMAL, latin1 and 4-byte UTF-8 text, trailing spaces, binary
 * zeros, ENUM index 0, SET, JSON, a stored generated column), changed by inserts, updates, a
 * primary key update and deletes during the catch-up; and a table without a key, whose identical
 * rows are updated and deleted one at a time.
 */
class OnlineTypesIT {

    @ParameterizedTest
    @EnumSource(OnlineIT.Pair.class)
    void everyValueArrivesExactly(OnlineIT.Pair pair) throws Exception {
        SandboxServer source = TestServers.source(pair.from);
        SandboxServer target = TestServers.target(pair.to);
        String db = TestServers.unique("ontypes");
        boolean json = !pair.from.isMariaDb();
        try (Connection c = source.connect();
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = '', time_zone = '+00:00'");
            st.execute("CREATE DATABASE `" + db + "`");
            st.execute("USE `" + db + "`");
            st.execute(
                    "CREATE TABLE types (id INT UNSIGNED NOT NULL PRIMARY KEY,"
                            + " ti TINYINT, tiu TINYINT UNSIGNED, siu SMALLINT UNSIGNED, mi MEDIUMINT,"
                            + " miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,"
                            + " d DECIMAL(24,6), f FLOAT, dbl DOUBLE, bt BIT(13), y YEAR, dt DATE, tm TIME(3),"
                            + " dtm DATETIME(6), ts TIMESTAMP(2) NULL DEFAULT NULL,"
                            + " c CHAR(5) CHARACTER SET latin1, vc VARCHAR(50) CHARACTER SET utf8mb4,"
                            + " tx TEXT CHARACTER SET utf8mb4, bn BINARY(4), vb VARBINARY(10), bl BLOB,"
                            + " e ENUM('a','b','c'), st SET('x','y','z'),"
                            + (json ? " j JSON," : "")
                            + " gc BIGINT AS (i + 1) STORED) ENGINE=InnoDB");
            st.execute("CREATE TABLE nokey (a INT, b VARCHAR(10), c DOUBLE) ENGINE=InnoDB");
            st.execute(
                    insert(
                            1,
                            json,
                            "-128, 255, 65535, -8388608, 16777215, -2147483648, 4294967295,"
                                    + " -9223372036854775808, 18446744073709551615, -123456789012345678.123456, 1.1, 0.1,"
                                    + " b'1010101010101', 0, '0000-00-00', '-838:59:59.000', '0000-00-00 00:00:00.000000',"
                                    + " '1970-01-01 00:00:01.50', 'é', 'a  ', 'tx', X'00000000', X'00', X'', '', '',"));
            st.execute(
                    insert(
                            2,
                            json,
                            "127, 0, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0, 0.000001,"
                                    + " 3.4e38, 1e-300, b'0', 2155, '2020-00-00', '00:00:00.001', '9999-12-31 23:59:59.999999',"
                                    + " '2038-01-19 03:14:07.99', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"));
            st.execute("INSERT INTO nokey VALUES (1, 'x', 1.5), (1, 'x', 1.5), (2, NULL, NULL)");
        }
        Migration migration =
                Migration.of(
                        TestServers.config(source, target, List.of(db), 2, 1000)
                                .withOnline(OnlineOptions.defaults()));
        CompletableFuture<MigrationState> run = CompletableFuture.supplyAsync(migration::run);
        OnlineIT.awaitState(migration, run, s -> s.catchUp() != null, Duration.ofSeconds(60));
        try (Connection c = source.connect(db);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = '', time_zone = '+00:00'");
            st.execute(
                    insert(
                            3,
                            json,
                            "-1, 1, 1, -1, 1, -1, 1, -1, 1, -0.5, -0.0, -2.2250738585072014e-308,"
                                    + " b'1111111111111', 1901, '1000-01-01', '838:59:58.999', '2024-02-29 13:05:01.120000',"
                                    + " '2024-02-29 13:05:01.12', 'ab ', '😀 emoji', REPEAT('long text ', 500), X'01020304',"
                                    + " X'00FF00', X'DEADBEEF', 'c', 'x,z',"));
            st.execute("INSERT INTO types (id, e) VALUES (4, 'nope')"); // ENUM error value: index 0
            st.execute(
                    "UPDATE types SET f = f * 2, dbl = dbl / 3, tm = '-00:00:01.500', y = 1999,"
                            + " c = 'zz', vc = CONCAT(vc, 'ü'), bt = b'1', e = 'b', st = 'y', dtm = '2001-01-01 00:00:00.5',"
                            + (json
                                    ? " j = JSON_OBJECT('k', 1.5, 'a', JSON_ARRAY(1, 'x', NULL)),"
                                    : "")
                            + " ts = '2000-06-30 12:00:00.01' WHERE id IN (1, 3)");
            st.execute("UPDATE types SET id = 1000 WHERE id = 2"); // the key changes
            st.execute("DELETE FROM types WHERE id = 1");
            st.execute("INSERT INTO types (id, i) VALUES (1, 42)"); // the key comes back
            st.execute("UPDATE nokey SET c = 2.5 WHERE a = 1 LIMIT 1"); // one of two equal rows
            st.execute("DELETE FROM nokey WHERE a = 2");
            st.execute("INSERT INTO nokey VALUES (3, 'y', NULL), (3, 'y', NULL)");
            st.execute("DELETE FROM nokey WHERE a = 3 LIMIT 1");
        }
        migration.requestCutover(
                new CutoverRequest(
                        Instant.now(), false, CutoverRequest.Verify.DIGEST, Duration.ofMinutes(1)));
        MigrationState end = run.get(2, TimeUnit.MINUTES);
        assertThat(end.status()).as("status, error: %s", end.error()).isEqualTo(Status.COMPLETED);
        assertThat(end.cutover().verdict())
                .as("%s", end.cutover())
                .isEqualTo(CutoverState.Verdict.VERIFIED);
        assertThat(end.catchUp().fullRowMatchTables()).containsExactly(db + ".nokey");
        assertThat(end.catchUp().updatesMissing()).isZero();
        assertThat(end.catchUp().deletesMissing()).isZero();
        assertThat(end.catchUp().insertsReplaced()).isZero();
        if (pair.from == pair.to) {
            try (Connection s = source.connect();
                    Connection t = target.connect()) {
                assertThat(
                                TableDigest.differences(
                                        TableDigest.ofDatabase(s, db),
                                        TableDigest.ofDatabase(t, db)))
                        .isEmpty();
            }
        }
    }

    private static String insert(int id, boolean json, String values) {
        return "INSERT INTO types (id, ti, tiu, siu, mi, miu, i, iu, bi, biu, d, f, dbl, bt, y, dt, tm,"
                + " dtm, ts, c, vc, tx, bn, vb, bl, e, st"
                + (json ? ", j" : "")
                + ") VALUES ("
                + id
                + ", "
                + values.substring(0, values.length() - 1)
                + (json ? ", '{\"b\": [1, 2.25, \"s\"], \"a\": null}'" : "")
                + ")";
    }
}
