package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.Verification;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.api.Verdict;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.api.VerifyResult.Outcome;
import dev.snapshift.api.VerifyResult.TableResult;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code verify} against real servers: a migrated target compares equal; then each negative control
 * changed on the target (one byte of a VARBINARY, a TIMESTAMP written under another session time
 * zone, -0.0 for 0.0, 'A' for 'a' and a trailing space under a _ci PAD SPACE collation, a row
 * deleted, a row added, a swapped pair in a table without a key) is found and named by key; and
 * definitions that differ (a table or a column on one side only, a column of another type, an
 * unknown database) are reported as differences, not errors.
 */
class VerifyIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    private VerifyConfig config(List<String> databases) {
        return VerifyConfig.of(TestServers.spec(source), TestServers.spec(target), databases)
                .withThreads(3)
                .withChunkRows(100)
                .withRechecks(1, Duration.ofMillis(100));
    }

    @Test
    void migratedTargetIsEqualAndEveryChangeOnTheTargetIsNamed() throws Exception {
        String db = TestServers.unique("verify");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE "
                        + q
                        + ".k (id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE"
                        + " utf8mb4_general_ci, bin VARBINARY(16), d DOUBLE, ts TIMESTAMP NULL, c CHAR(5))",
                "INSERT INTO "
                        + q
                        + ".k WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 900)"
                        + " SELECT i, CONCAT('name', i), UNHEX(MD5(i)), IF(i % 10 = 0, 0, i / 7),"
                        + " TIMESTAMP('2020-01-01 00:00:00') + INTERVAL i MINUTE, LEFT(CONCAT('c', i), 5)"
                        + " FROM n",
                "CREATE TABLE " + q + ".nk (a INT, b VARCHAR(10))",
                "INSERT INTO " + q + ".nk VALUES (1, 'x'), (2, 'y'), (3, 'z'), (3, 'z')",
                "CREATE TABLE " + q + ".untouched (a INT, b INT, PRIMARY KEY (a, b))",
                "INSERT INTO " + q + ".untouched VALUES (1, 1), (1, 2), (2, 1)");
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 100)).run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.verdict()).isEqualTo(Verdict.VERIFIED);

        VerifyResult clean = Verification.of(config(List.of(db))).run();
        assertThat(clean.equal()).as("%s", clean).isTrue();
        assertThat(clean.schema()).isEmpty();
        assertThat(clean.consistency()).isEqualTo("SNAPSHOT");
        assertThat(clean.tables())
                .extracting(TableResult::table, TableResult::outcome, TableResult::sourceRows)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("k", Outcome.EQUAL, 900L),
                        org.assertj.core.groups.Tuple.tuple("nk", Outcome.EQUAL, 4L),
                        org.assertj.core.groups.Tuple.tuple("untouched", Outcome.EQUAL, 3L));
        assertThat(table(clean, "k").chunks()).isGreaterThan(1);
        assertThat(table(clean, "k").targetRows()).isEqualTo(900);

        try (Connection t = target.connect(db);
                Statement st = t.createStatement()) {
            // one byte of a VARBINARY
            st.execute(
                    "UPDATE k SET bin = CONCAT(LEFT(bin, 15), CHAR(ASCII(RIGHT(bin, 1)) ^ 1))"
                            + " WHERE id = 100");
            // a TIMESTAMP written as the same text under a session time zone one hour away
            st.execute("SET time_zone = '+00:00'");
            String ts;
            try (ResultSet rs = st.executeQuery("SELECT CAST(ts AS CHAR) FROM k WHERE id = 200")) {
                rs.next();
                ts = rs.getString(1);
            }
            st.execute("SET time_zone = '+01:00'");
            st.execute("UPDATE k SET ts = '" + ts + "' WHERE id = 200");
            // -0.0 for 0.0 (equal as numbers)
            st.execute("UPDATE k SET d = -0e0 WHERE id = 300");
            // equal under the _ci PAD SPACE collation, different bytes
            st.execute("UPDATE k SET name = 'NAME400' WHERE id = 400");
            st.execute("UPDATE k SET name = 'name450 ' WHERE id = 450");
            st.execute("DELETE FROM k WHERE id = 600");
            st.execute(
                    "INSERT INTO k (id, name) VALUES (5000, 'extra')"); // beyond the source's last
            // a swapped pair of values between two rows of a table without a key
            st.execute("UPDATE nk SET b = IF(a = 1, 'y', 'x') WHERE a IN (1, 2)");
        }
        try (Connection t = target.connect(db);
                Statement st = t.createStatement();
                ResultSet rs = st.executeQuery("SELECT d FROM k WHERE id = 300")) {
            rs.next();
            assertThat(Double.doubleToRawLongBits(rs.getDouble(1)))
                    .as("the target stores -0.0")
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
        }

        VerifyResult changed = Verification.of(config(List.of(db))).run();
        assertThat(changed.equal()).isFalse();
        assertThat(changed.schema()).isEmpty();
        TableResult k = table(changed, "k");
        assertThat(k.outcome()).isEqualTo(Outcome.DIFFERENT);
        assertThat(k.sourceRows()).isEqualTo(900);
        assertThat(k.targetRows()).isEqualTo(900);
        assertThat(k.differingRows()).isEqualTo(7);
        assertThat(k.differingKeys())
                .containsExactlyInAnyOrder(
                        "id=100 (differs)",
                        "id=200 (differs)",
                        "id=300 (differs)",
                        "id=400 (differs)",
                        "id=450 (differs)",
                        "id=600 (missing on the target)",
                        "id=5000 (only on the target)");
        TableResult nk = table(changed, "nk");
        assertThat(nk.outcome()).isEqualTo(Outcome.DIFFERENT);
        assertThat(nk.differingRows()).isEqualTo(4);
        assertThat(nk.differingKeys())
                .containsExactlyInAnyOrder(
                        "row (1, 'x') (missing on the target)",
                        "row (2, 'y') (missing on the target)",
                        "row (1, 'y') (only on the target)",
                        "row (2, 'x') (only on the target)");
        assertThat(table(changed, "untouched").outcome()).isEqualTo(Outcome.EQUAL);

        // at most --max-keys named, the rest counted
        VerifyResult few = Verification.of(config(List.of(db)).withMaxKeys(2)).run();
        assertThat(table(few, "k").differingKeys()).hasSize(2);
        assertThat(table(few, "k").differingRows()).isEqualTo(7);
    }

    @Test
    void definitionsThatDifferAreReportedNotFatal() throws Exception {
        String db = TestServers.unique("verifyddl");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".t (id INT PRIMARY KEY, v INT, w INT)",
                "INSERT INTO " + q + ".t VALUES (1, 1, 1), (2, 2, 2)",
                "CREATE TABLE " + q + ".gone (id INT PRIMARY KEY)",
                "INSERT INTO " + q + ".gone VALUES (1)",
                "CREATE VIEW " + q + ".v AS SELECT id FROM " + q + ".t WHERE v > 1",
                "CREATE TRIGGER "
                        + q
                        + ".trg BEFORE INSERT ON "
                        + q
                        + ".t FOR EACH ROW SET NEW.v = NEW.v + 1");
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 100)).run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        target.execute(
                "DROP TABLE " + q + ".gone",
                "CREATE TABLE " + q + ".added (id INT PRIMARY KEY)",
                "ALTER TABLE " + q + ".t MODIFY v BIGINT, DROP COLUMN w",
                "DROP TRIGGER " + q + ".trg",
                "CREATE OR REPLACE VIEW " + q + ".v AS SELECT id FROM " + q + ".t WHERE v > 2");

        String unknown = TestServers.unique("nosuchdb");
        VerifyResult r = Verification.of(config(List.of(db, unknown))).run();
        assertThat(r.equal()).isFalse();
        assertThat(table(r, "gone").outcome()).isEqualTo(Outcome.MISSING_ON_TARGET);
        assertThat(table(r, "added").outcome()).isEqualTo(Outcome.MISSING_ON_SOURCE);
        assertThat(r.schema())
                .extracting(VerifyResult.SchemaDifference::toString)
                .anyMatch(d -> d.contains("database " + unknown) && d.contains("neither"))
                .anyMatch(d -> d.contains(db + ".t") && d.contains("v"))
                .anyMatch(d -> d.contains(db + ".t") && d.contains("w"))
                .anyMatch(d -> d.startsWith("trigger " + db + ".trg") && d.contains("missing"))
                .anyMatch(d -> d.startsWith("view " + db + ".v") && d.contains("2"));
        // the rows of t are compared on the columns both sides have: the rows hold the same
        // values of id and v (v as INT and as BIGINT)
        assertThat(table(r, "t").sourceRows()).isEqualTo(2);
    }

    /**
     * Writes flowing while verify runs (a "replicator" applying each source update to the target 30
     * ms later, until the comparison is over): the result says writes were seen on both sides, a
     * change in flight is not reported once it settled, and a real difference still is.
     */
    @Test
    void writesInFlightAreReCheckedAndARealDifferenceStays() throws Exception {
        String db = TestServers.unique("verifylive");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".k (id INT PRIMARY KEY, v INT)",
                "INSERT INTO "
                        + q
                        + ".k WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                        + " SELECT i, i FROM n");
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 100)).run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        target.execute("UPDATE " + q + ".k SET v = -1 WHERE id = 5");

        Verification verification =
                Verification.of(config(List.of(db)).withRechecks(3, Duration.ofSeconds(1)));
        java.util.concurrent.atomic.AtomicInteger applied =
                new java.util.concurrent.atomic.AtomicInteger();
        Thread replicator =
                new Thread(
                        () -> {
                            try (Connection s = source.connect(db);
                                    Connection t = target.connect(db);
                                    Statement ss = s.createStatement();
                                    Statement ts = t.createStatement()) {
                                while (applied.get() < 10
                                        || List.of(
                                                        "connecting",
                                                        "schema",
                                                        "snapshot",
                                                        "plan",
                                                        "compare")
                                                .contains(verification.progress().phase())) {
                                    ss.execute("UPDATE k SET v = v + 1 WHERE id = 200");
                                    Thread.sleep(30);
                                    ts.execute("UPDATE k SET v = v + 1 WHERE id = 200");
                                    applied.incrementAndGet();
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        replicator.start();
        VerifyResult r;
        try {
            r = verification.run();
        } finally {
            replicator.join(30_000);
        }
        assertThat(applied.get()).isGreaterThanOrEqualTo(10);
        assertThat(r.writesOnSource()).isTrue();
        assertThat(r.writesOnTarget()).isTrue();
        assertThat(r.equal()).isFalse();
        TableResult k = table(r, "k");
        assertThat(k.outcome()).isEqualTo(Outcome.DIFFERENT);
        assertThat(k.differingKeys()).containsExactly("id=5 (differs)");
        assertThat(k.differingRows()).isEqualTo(1);
        assertThat(k.differingChunks()).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.contains("change in flight"));
    }

    /** On each server pair: equal after a migration, then one changed row of each table named. */
    @ParameterizedTest
    @EnumSource(ServerPair.class)
    void eachServerPairVerifiesAndNamesAChange(ServerPair pair) throws Exception {
        SandboxServer from = pair.source();
        SandboxServer to = pair.target();
        String db = TestServers.unique("verifypair");
        String q = "`" + db + "`";
        from.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE "
                        + q
                        + ".t (id BIGINT PRIMARY KEY, s VARCHAR(30) CHARACTER SET utf8mb4, d DATETIME(3),"
                        + " ts TIMESTAMP NULL, f FLOAT, x DECIMAL(12,4), b BLOB, e ENUM('a','b'), j JSON)",
                "INSERT INTO "
                        + q
                        + ".t VALUES (1, 'één', '2020-02-29 12:34:56.789', '2021-06-01 00:00:00', 1.5,"
                        + " 12.3456, 0x00ff, 'a', '{\"k\": [1, 2]}'), (2, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL), (3, '', '1000-01-01 00:00:00', NULL, -0.25, -1, '', 'b', 'null')",
                "CREATE TABLE " + q + ".nk (a INT, b VARCHAR(5))",
                "INSERT INTO " + q + ".nk VALUES (1, 'x'), (1, 'x'), (2, NULL)");
        MigrationState state =
                Migration.of(TestServers.config(from, to, List.of(db), 2, 100)).run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        assertThat(state.verdict()).isEqualTo(Verdict.VERIFIED);
        VerifyConfig config =
                VerifyConfig.of(TestServers.spec(from), TestServers.spec(to), List.of(db))
                        .withThreads(2)
                        .withRechecks(0, Duration.ofMillis(100));
        VerifyResult equal = Verification.of(config).run();
        assertThat(equal.equal()).as("%s %s", equal.schema(), equal.tables()).isTrue();

        to.execute(
                "UPDATE " + q + ".t SET x = 12.3457 WHERE id = 1",
                "DELETE FROM " + q + ".nk WHERE a = 1 LIMIT 1");
        VerifyResult changed = Verification.of(config).run();
        assertThat(changed.schema()).isEmpty();
        assertThat(table(changed, "t").differingKeys()).containsExactly("id=1 (differs)");
        assertThat(table(changed, "nk").differingKeys())
                .containsExactly("row (1, 'x') (missing on the target)");
    }

    /**
     * The target's connections reset while chunks are compared (through a proxy): each worker
     * reconnects and compares its chunk again; the result is complete and equal.
     */
    @Test
    void aLostTargetConnectionIsReopenedAndTheChunkComparedAgain() throws Exception {
        String db = TestServers.unique("verifylost");
        String q = "`" + db + "`";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".k (id INT PRIMARY KEY, v VARCHAR(40))",
                "SET SESSION cte_max_recursion_depth = 100000",
                "INSERT INTO "
                        + q
                        + ".k WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)"
                        + " SELECT i, MD5(i) FROM n");
        MigrationState state =
                Migration.of(TestServers.config(source, target, List.of(db), 2, 5000)).run();
        assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        try (TcpProxy proxy = new TcpProxy(target.port())) {
            VerifyConfig config =
                    VerifyConfig.of(
                                    TestServers.spec(source),
                                    dev.snapshift.api.ConnectionSpec.parse(
                                            "target", "mysql://root@127.0.0.1:" + proxy.port(), ""),
                                    List.of(db))
                            .withThreads(2)
                            .withChunkRows(100)
                            .withNetworkTimeout(Duration.ofSeconds(10));
            Verification verification = Verification.of(config);
            java.util.concurrent.FutureTask<VerifyResult> run =
                    new java.util.concurrent.FutureTask<>(verification::run);
            new Thread(run, "verify-under-test").start();
            int resetAt = -1;
            int total = 0;
            while (!run.isDone()) {
                dev.snapshift.api.VerifyProgress p = verification.progress();
                if (p.phase().equals("compare") && p.chunksDone() >= 20 && proxy.accepted() >= 3) {
                    resetAt = p.chunksDone();
                    total = p.chunksTotal();
                    // connection 0 read the catalog; the others are the workers'
                    for (int i = 1; i < proxy.accepted(); i++) {
                        proxy.reset(i);
                    }
                    break;
                }
                Thread.sleep(2);
            }
            VerifyResult r = run.get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(resetAt).as("the reset came while chunks were compared").isPositive();
            assertThat(resetAt).isLessThan(total);
            assertThat(r.equal()).as("%s", r.tables()).isTrue();
            assertThat(table(r, "k").sourceRows()).isEqualTo(30000);
            assertThat(table(r, "k").targetRows()).isEqualTo(30000);
            assertThat(proxy.accepted()).as("workers reconnected").isGreaterThan(3);
        }
    }

    private static TableResult table(VerifyResult r, String name) {
        return r.tables().stream()
                .filter(t -> t.table().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name + " in " + r.tables()));
    }
}
