package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.MigrationConfig;
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

/**
 * Tables are created with their primary key only and get secondary, unique, FULLTEXT and SPATIAL
 * indexes and foreign keys after the load; a table smaller than a chunk keeps its indexes in its
 * CREATE and gets only its foreign keys after the load. Either way the result must be the source's
 * DDL exactly, with the same rows.
 */
class DeferredIndexesIT {

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "MYSQL_8_0_33, true",
        "MYSQL_8_0_33, false",
        "MARIADB_11_4_5, true",
        "MARIADB_11_4_5, false"
    })
    void indexesAndForeignKeysAddedAfterTheLoadMatchTheSource(Flavor flavor, boolean deferred)
            throws Exception {
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
                            + "', CONCAT('likes "
                            + (i % 7)
                            + " things', REPEAT(' and more', 40)), ST_GeomFromText('POINT("
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
        // the sizes the decision reads (InnoDB updates them in the background, later)
        source.execute("ANALYZE TABLE " + q + ".customer, " + q + ".purchase, " + q + ".pair");
        // chunks of 64 KB: customer (about 120 KB) is bigger than a chunk, so its indexes are
        // deferred; with the default chunk size it is small and keeps them in its CREATE. The
        // indexes customer has on the target once the tables exist, before any row is copied:
        MigrationConfig config = TestServers.config(source, target, List.of(db), 2, 100);
        List<String> before =
                indexesBeforeTheCopy(
                        deferred ? config.withChunkBytes(64 << 10) : config,
                        target,
                        db,
                        "customer");
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            for (String table : List.of("customer", "purchase", "pair")) {
                assertThat(showCreate(t, db, table)).as(table).isEqualTo(showCreate(s, db, table));
            }
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
            assertThat(before)
                    .as("customer's indexes on the target before its copy")
                    .isEqualTo(
                            deferred
                                    ? List.of("PRIMARY")
                                    : List.of(
                                            "PRIMARY",
                                            "ft_bio",
                                            "ft_name",
                                            "idx_name",
                                            "sp_home",
                                            "uq_email"));
        }
    }

    /**
     * InnoDB counts rows as they are written but measures a table's data only when it recalculates
     * its statistics (in the background, or never with STATS_AUTO_RECALC=0): a table filled just
     * before the run shows its rows in one page of 16 KB. Its size is then at least its rows times
     * their least width, and its indexes are deferred like any table bigger than a chunk.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ServerPair.class)
    void aTableWhoseStatisticsLagBehindItsRowsIsSizedByThem(ServerPair pair) throws Exception {
        SandboxServer source = pair.source();
        SandboxServer target = pair.target();
        String db = TestServers.unique("stale");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE "
                        + q
                        + ".loaded (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL, c CHAR(200) NOT NULL,"
                        + " PRIMARY KEY (id), KEY by_k (k)) ENGINE=InnoDB STATS_AUTO_RECALC=0",
                "INSERT INTO "
                        + q
                        + ".loaded (k, c) VALUES "
                        + String.join(
                                ", ",
                                java.util.stream.IntStream.rangeClosed(1, 2000)
                                        .mapToObj(i -> "(" + (i * 7 % 2000) + ", 'row " + i + "')")
                                        .toList()));
        try (Connection s = source.connect();
                Statement st = s.createStatement()) {
            st.execute("/*!80000 SET SESSION information_schema_stats_expiry = 0 */");
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT TABLE_ROWS, DATA_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                                    + db
                                    + "' AND TABLE_NAME = 'loaded'")) {
                rs.next();
                assertThat(rs.getLong(2))
                        .as("the source's statistics lag (rows %s)", rs.getLong(1))
                        .isLessThan(64 << 10);
            }
        }
        // 2,000 rows of at least 18 + 4 + 4 + 200 bytes: about 450 KB, far more than a chunk of 64
        // KB
        List<String> before =
                indexesBeforeTheCopy(
                        TestServers.config(source, target, List.of(db), 2, 100)
                                .withChunkBytes(64 << 10),
                        target,
                        db,
                        "loaded");
        assertThat(before)
                .as("the table's indexes on the target before its copy")
                .isEqualTo(List.of("PRIMARY"));
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            assertThat(indexes(t, db, "loaded")).isEqualTo(List.of("PRIMARY", "by_k"));
            assertThat(
                            TableDigest.differences(
                                    TableDigest.ofDatabase(s, db), TableDigest.ofDatabase(t, db)))
                    .isEmpty();
        }
    }

    /**
     * Migrates with {@code config}, which must complete; returns the indexes {@code table} had on
     * the target once the tables existed, before any row was copied.
     */
    private static List<String> indexesBeforeTheCopy(
            MigrationConfig config, SandboxServer target, String db, String table)
            throws Exception {
        java.util.concurrent.atomic.AtomicReference<List<String>> before =
                new java.util.concurrent.atomic.AtomicReference<>();
        MigrationState state =
                Migration.of(
                                config,
                                (point, session) -> {
                                    if (point == dev.snapshift.api.Checkpoint.PLANNING
                                            && before.get() == null) {
                                        try (Connection t = target.connect()) {
                                            before.set(indexes(t, db, table));
                                        }
                                    }
                                })
                        .run();
        assertThat(state.status())
                .as("error: %s %s", state.error(), state.databases())
                .isEqualTo(Status.COMPLETED);
        return before.get();
    }

    private static List<String> indexes(Connection c, String db, String table) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE"
                                        + " TABLE_SCHEMA = '"
                                        + db
                                        + "' AND TABLE_NAME = '"
                                        + table
                                        + "'")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            out.sort(null);
            return out;
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
