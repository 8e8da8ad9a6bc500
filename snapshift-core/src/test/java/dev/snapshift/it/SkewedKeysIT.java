package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.TableDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Integer keys whatever their layout (issue #10: two sentinel rows made a 200k-row table copy in
 * one transaction, six times slower): dense ids, sentinels at 0 and 9e18, Snowflake-like clusters,
 * random BIGINT UNSIGNED ids and negative ids each copy exactly, in about rows/chunkRows chunks
 * that several sessions copy, and no target transaction holds more than chunkRows rows. The
 * target's performance_schema says how many rows each LOAD DATA stored; snapshift writes one LOAD
 * DATA per target transaction.
 */
class SkewedKeysIT {
    static final int ROWS = 20_000;
    static final int CHUNK_ROWS = 500;
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void everyKeyLayoutCopiesExactlyInBoundedParallelChunks() throws Exception {
        String db = TestServers.unique("skewed");
        try (Connection c = source.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("USE " + db);
            s.execute("SET SESSION cte_max_recursion_depth = 100000");
            String n =
                    "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < "
                            + (ROWS - 1)
                            + ") ";
            for (String t : List.of("dense", "sentinels", "snowflake", "random")) {
                s.execute("CREATE TABLE " + t + " (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(40))");
            }
            s.execute("CREATE TABLE negative (id BIGINT PRIMARY KEY, v VARCHAR(40))");
            s.execute("INSERT INTO dense " + n + "SELECT n + 1, CONCAT('row ', n) FROM s");
            s.execute(
                    "INSERT INTO sentinels "
                            + n
                            + "SELECT IF(n = 0, 0, IF(n = "
                            + (ROWS - 1)
                            + ", 9000000000000000000, n)),"
                            + " CONCAT('row ', n) FROM s");
            // 200 ids a millisecond (timestamp << 22 | sequence), 10 milliseconds in a row, then
            // 100 s of nothing
            s.execute(
                    "INSERT INTO snowflake "
                            + n
                            + "SELECT ((1700000000000 + n DIV 200 + (n DIV 2000) * 100000) << 22)"
                            + " | (n % 200), CONCAT('row ', n) FROM s");
            s.execute(
                    "INSERT INTO negative "
                            + n
                            + "SELECT IF(n = 0, -9223372036854775808, -n), CONCAT('row ', n) FROM s");
            SplittableRandom random = new SplittableRandom(10);
            StringJoiner values = new StringJoiner(", ");
            values.add("(18446744073709551615, 'top')");
            for (int i = 1; i < ROWS; i++) {
                values.add("(" + Long.toUnsignedString(random.nextLong()) + ", 'row " + i + "')");
            }
            s.execute("INSERT INTO random VALUES " + values);
        }
        Map<Integer, Integer> chunksBySession = new ConcurrentHashMap<>();
        MigrationState state;
        try (TransactionSizes sizes = TransactionSizes.watch(target)) {
            state =
                    Migration.of(
                                    TestServers.config(source, target, List.of(db), 3, CHUNK_ROWS),
                                    (point, session) -> {
                                        if (point == Checkpoint.CHUNK_COMMITTED) {
                                            chunksBySession.merge(session, 1, Integer::sum);
                                        }
                                    })
                            .run();
            assertThat(state.status())
                    .as("error: %s %s", state.error(), state.databases())
                    .isEqualTo(Status.COMPLETED);
            Map<String, List<Long>> loads = sizes.rowsPerLoad(db);
            assertThat(loads.keySet())
                    .containsExactlyInAnyOrder(
                            "dense", "sentinels", "snowflake", "random", "negative");
            loads.forEach(
                    (table, rows) -> {
                        assertThat(rows.stream().mapToLong(Long::longValue).sum())
                                .as("rows loaded into %s", table)
                                .isEqualTo(ROWS);
                        assertThat(rows)
                                .as("rows per target transaction of %s", table)
                                .allMatch(r -> r > 0 && r <= CHUNK_ROWS);
                    });
        }
        try (Connection s = source.connect();
                Connection t = target.connect()) {
            Map<String, TableDigest> expected = TableDigest.ofDatabase(s, db);
            assertThat(expected.values()).allMatch(d -> d.rows() == ROWS);
            assertThat(TableDigest.differences(expected, TableDigest.ofDatabase(t, db))).isEmpty();
        }
        for (MigrationState.TableState t : state.databases().get(0).tables()) {
            assertThat(t.chunksTotal())
                    .as("chunks of %s", t.name())
                    .isBetween(ROWS / CHUNK_ROWS / 2, ROWS / CHUNK_ROWS * 2);
            assertThat(t.chunksDone()).as("chunks of %s", t.name()).isEqualTo(t.chunksTotal());
        }
        assertThat(chunksBySession)
                .as("chunks committed per session")
                .hasSizeGreaterThanOrEqualTo(2);
    }

    /**
     * Rows stored by each LOAD DATA on the target, from performance_schema's statement history
     * (switched on for the test, then back off).
     */
    static final class TransactionSizes implements AutoCloseable {
        static final String HISTORY = "events_statements_history_long";
        private final SandboxServer server;

        private TransactionSizes(SandboxServer server) {
            this.server = server;
        }

        static TransactionSizes watch(SandboxServer server) {
            server.execute(
                    "TRUNCATE TABLE performance_schema." + HISTORY,
                    "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = '"
                            + HISTORY
                            + "'");
            return new TransactionSizes(server);
        }

        /** Rows of each LOAD DATA into a table of {@code db}, by table. */
        Map<String, List<Long>> rowsPerLoad(String db) throws Exception {
            try (Connection c = server.connect()) {
                long size =
                        Long.parseLong(
                                Jdbc.scalar(c, "SELECT @@performance_schema_" + HISTORY + "_size"));
                long held =
                        Long.parseLong(
                                Jdbc.scalar(
                                        c, "SELECT COUNT(*) FROM performance_schema." + HISTORY));
                assertThat(held).as("statement history not wrapped around").isLessThan(size);
                List<String[]> loads =
                        Jdbc.query(
                                c,
                                "SELECT SQL_TEXT, ROWS_AFFECTED FROM performance_schema."
                                        + HISTORY
                                        + " WHERE SQL_TEXT LIKE 'LOAD DATA LOCAL INFILE%' AND SQL_TEXT LIKE ?",
                                rs -> new String[] {rs.getString(1), rs.getString(2)},
                                "%INTO TABLE `" + db + "`.%");
                return loads.stream()
                        .collect(
                                Collectors.groupingBy(
                                        l ->
                                                l[0].replaceAll(
                                                        "(?s).*INTO TABLE `[^`]*`\\.`([^`]*)`.*",
                                                        "$1"),
                                        Collectors.mapping(
                                                l -> Long.parseLong(l[1]), Collectors.toList())));
            }
        }

        @Override
        public void close() {
            server.execute(
                    "UPDATE performance_schema.setup_consumers SET ENABLED = 'NO'"
                            + " WHERE NAME = '"
                            + HISTORY
                            + "'");
        }
    }
}
