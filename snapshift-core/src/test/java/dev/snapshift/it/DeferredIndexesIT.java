package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tables are created with their primary key only and get secondary, unique, FULLTEXT and SPATIAL
 * indexes and foreign keys after the load: the result must be the source's DDL exactly, with the
 * same rows.
 */
class DeferredIndexesIT {

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_33", "MARIADB_11_4_5"})
    void indexesAndForeignKeysAddedAfterTheLoadMatchTheSource(Flavor flavor) throws Exception {
        SandboxServer source = TestServers.source(flavor);
        SandboxServer target = TestServers.target(flavor);
        String db = TestServers.unique("idx");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE "
                        + q
                        + ".customer (id INT NOT NULL AUTO_INCREMENT, email VARCHAR(100) NOT NULL, name VARCHAR(100),"
                        + " bio TEXT, home POINT NOT NULL /*!80003 SRID 0 */, PRIMARY KEY (id), UNIQUE KEY uq_email (email),"
                        + " KEY idx_name (name(10)), FULLTEXT KEY ft_bio (bio), FULLTEXT KEY ft_name (name), SPATIAL KEY sp_home (home))"
                        + " ENGINE=InnoDB",
                "CREATE TABLE "
                        + q
                        + ".purchase (id BIGINT NOT NULL AUTO_INCREMENT, customer_id INT NOT NULL, amount DECIMAL(10,2),"
                        + " PRIMARY KEY (id), KEY idx_customer_amount (customer_id, amount),"
                        + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE ON UPDATE RESTRICT)"
                        + " ENGINE=InnoDB",
                "CREATE TABLE "
                        + q
                        + ".pair (a INT NOT NULL, id INT NOT NULL AUTO_INCREMENT, v INT, PRIMARY KEY (a, id), KEY by_id (id),"
                        + " KEY by_v (v)) ENGINE=InnoDB");
        for (int i = 1; i <= 300; i++) {
            source.execute(
                    "INSERT INTO "
                            + q
                            + ".customer (email, name, bio, home) VALUES ('c"
                            + i
                            + "@x.org', 'name "
                            + i
                            + "', 'likes "
                            + (i % 7)
                            + " things', ST_GeomFromText('POINT("
                            + i
                            + " "
                            + (i * 2)
                            + ")'))",
                    "INSERT INTO "
                            + q
                            + ".purchase (customer_id, amount) VALUES ("
                            + i
                            + ", "
                            + i
                            + ".5), ("
                            + i
                            + ", 1)",
                    "INSERT INTO " + q + ".pair (a, v) VALUES (" + (i % 3) + ", " + i + ")");
        }
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 100)).run();
        assertThat(state.status())
                .as("error: %s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            for (String table : List.of("customer", "purchase", "pair")) {
                assertThat(showCreate(t, db, table)).as(table).isEqualTo(showCreate(s, db, table));
            }
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
        }
    }

    static String showCreate(Connection c, String db, String table) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + db + "`.`" + table + "`")) {
            rs.next();
            return rs.getString(2);
        }
    }
}
