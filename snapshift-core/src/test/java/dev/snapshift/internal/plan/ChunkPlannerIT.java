package dev.snapshift.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.ColumnInfo;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;
import dev.snapshift.it.TestServers;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Planning's reads on a real server: the probes answer as the in-memory keys of the unit tests do
 * (so those tests say how a real table is planned), at the edges of signed and unsigned BIGINT too;
 * they read the snapshot, not newer rows; and they read a few thousand index entries of a
 * 100,000-row table, not the table.
 */
class ChunkPlannerIT {
    static final SandboxServer SOURCE = TestServers.source(Flavor.MYSQL_8_0_33);
    static final BigInteger UNSIGNED_MAX = new BigInteger("18446744073709551615");
    static final String DB = TestServers.unique("planner");
    static final List<BigInteger> UNSIGNED = new ArrayList<>();
    static final List<BigInteger> SIGNED = new ArrayList<>();

    @BeforeAll
    static void tables() throws SQLException {
        SplittableRandom random = new SplittableRandom(20240610);
        for (int i = 0; i < 5000; i++) {
            UNSIGNED.add(new BigInteger(Long.toUnsignedString(random.nextLong())));
        }
        UNSIGNED.addAll(
                List.of(
                        BigInteger.ZERO,
                        BigInteger.ONE,
                        new BigInteger("9000000000000000000"),
                        UNSIGNED_MAX.subtract(BigInteger.ONE),
                        UNSIGNED_MAX));
        SIGNED.addAll(
                List.of(
                        BigInteger.valueOf(Long.MIN_VALUE),
                        BigInteger.valueOf(Long.MIN_VALUE + 1),
                        BigInteger.valueOf(Long.MAX_VALUE)));
        for (int i = -3000; i <= 3000; i++) {
            SIGNED.add(BigInteger.valueOf(i * 7L));
        }
        try (Connection c = SOURCE.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + DB + "`");
            s.execute(
                    "CREATE TABLE `" + DB + "`.u (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(20))");
            s.execute("CREATE TABLE `" + DB + "`.s (id BIGINT PRIMARY KEY, v VARCHAR(20))");
            s.execute("CREATE TABLE `" + DB + "`.big (id INT PRIMARY KEY, v VARCHAR(100))");
            insert(s, "u", UNSIGNED);
            insert(s, "s", SIGNED);
            s.execute("SET SESSION cte_max_recursion_depth = 1000000");
            s.execute(
                    "INSERT INTO `"
                            + DB
                            + "`.big WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
                            + " SELECT i, REPEAT('x', 100) FROM n");
            s.execute(
                    "INSERT INTO `"
                            + DB
                            + "`.big VALUES (-2147483648, 'sentinel'), (2147483647, 'sentinel')");
        }
    }

    static void insert(Statement s, String table, List<BigInteger> keys) throws SQLException {
        StringJoiner values = new StringJoiner(", ");
        keys.stream()
                .distinct()
                .forEach(
                        k -> values.add("(" + k + ", 'k" + k.mod(BigInteger.valueOf(1000)) + "')"));
        s.execute("INSERT INTO `" + DB + "`." + table + " VALUES " + values);
    }

    static TableInfo table(String name, String columnType) {
        ColumnInfo id =
                new ColumnInfo(
                        "id",
                        columnType.split(" ")[0],
                        columnType,
                        null,
                        null,
                        false,
                        ValueKind.NUMBER);
        ColumnInfo v =
                new ColumnInfo(
                        "v",
                        "varchar",
                        "varchar(20)",
                        "utf8mb4",
                        "utf8mb4_0900_ai_ci",
                        false,
                        ValueKind.TEXT);
        return new TableInfo(DB, name, "InnoDB", 0, 0, List.of(id, v), List.of(id), "PRIMARY");
    }

    static Connection snapshot() throws SQLException {
        Connection c = SOURCE.connect();
        Jdbc.execute(c, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        Jdbc.execute(c, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        return c;
    }

    /**
     * Ranges a planning would probe: the whole key range split, its edges, a few inside, at several
     * run lengths.
     */
    static void probesAgree(KeyIndex server, SortedKeys memory) throws SQLException {
        KeyRange bounds = memory.bounds();
        assertThat(server.bounds()).isEqualTo(bounds);
        List<List<KeyRange>> asked = new ArrayList<>();
        asked.add(bounds.probeSplit(16));
        asked.add(bounds.split(16));
        asked.add(
                List.of(
                        new KeyRange(bounds.lo(), bounds.lo()),
                        new KeyRange(bounds.hi(), bounds.hi()),
                        new KeyRange(bounds.lo(), bounds.hi())));
        for (KeyRange part : bounds.probeSplit(16).subList(3, 6)) {
            asked.add(part.probeSplit(16));
        }
        for (List<KeyRange> ranges : asked) {
            for (KeyRange r : ranges) {
                assertThat(server.keys(r, 100)).as("keys of %s", r).isEqualTo(memory.keys(r, 100));
            }
        }
        for (int run : new int[] {1, 3, 64, 1024}) {
            for (List<KeyRange> ranges : asked) {
                assertThat(server.probe(ranges, run))
                        .as("run %d over %s", run, ranges)
                        .isEqualTo(memory.probe(ranges, run));
            }
        }
    }

    @Test
    void probesOfUnsignedKeysUpToTwoToThe64AnswerAsTheKeysInMemory() throws Exception {
        try (Connection c = snapshot()) {
            probesAgree(
                    new SqlKeyIndex(table("u", "bigint unsigned"), c),
                    new SortedKeys(UNSIGNED.stream()));
        }
    }

    @Test
    void probesOfSignedKeysDownToMinusTwoToThe63AnswerAsTheKeysInMemory() throws Exception {
        try (Connection c = snapshot()) {
            probesAgree(new SqlKeyIndex(table("s", "bigint"), c), new SortedKeys(SIGNED.stream()));
        }
    }

    @Test
    void planningSeesTheSnapshotNotLaterRows() throws Exception {
        String t = TestServers.unique("later");
        SOURCE.execute(
                "CREATE TABLE `"
                        + DB
                        + "`."
                        + t
                        + " (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `" + DB + "`." + t + " VALUES (10, 'a'), (20, 'b'), (30, 'c')");
        try (Connection c = snapshot()) {
            SOURCE.execute(
                    "INSERT INTO `"
                            + DB
                            + "`."
                            + t
                            + " VALUES (0, 'new'), (25, 'new'), ("
                            + UNSIGNED_MAX
                            + ", 'new')");
            SqlKeyIndex index = new SqlKeyIndex(table(t, "bigint unsigned"), c);
            assertThat(index.bounds()).isEqualTo(KeyRange.of(10, 30));
            assertThat(index.probe(List.of(KeyRange.of(0, 100)), 64))
                    .containsExactly(
                            new Probe(
                                    KeyRange.of(0, 100),
                                    64,
                                    3,
                                    BigInteger.TEN,
                                    BigInteger.valueOf(30),
                                    BigInteger.valueOf(30)));
            List<Chunk> chunks =
                    new ChunkPlanner(2, 1L << 20).ranges(table(t, "bigint unsigned"), 2, index);
            assertThat(chunks)
                    .extracting(ch -> ch.lower() + ".." + ch.upper())
                    .containsExactly("10..19", "20..30");
        }
    }

    @Test
    void planningReadsAFewThousandIndexEntriesNotTheTable() throws Exception {
        try (Connection c = snapshot()) {
            TableInfo big = table("big", "int");
            long before = handlerReads(c);
            long started = System.nanoTime();
            List<Chunk> chunks =
                    new ChunkPlanner(1000, 1L << 30).ranges(big, 1000, new SqlKeyIndex(big, c));
            long millis = (System.nanoTime() - started) / 1_000_000;
            long read = handlerReads(c) - before;
            System.out.printf(
                    "100,002 rows between two INT sentinels: %d chunks, %d index entries read, %d ms%n",
                    chunks.size(), read, millis);
            assertThat(chunks).hasSizeBetween(95, 110); // about 100,002 / 1000
            assertThat(read).isLessThan(10_000);
            assertThat(chunks.get(0).lower()).isEqualTo("-2147483648");
            assertThat(chunks.get(chunks.size() - 1).upper()).isEqualTo("2147483647");
        }
    }

    /** Rows the server's handlers read on this session so far (index and table scans both). */
    static long handlerReads(Connection c) throws SQLException {
        return Jdbc.query(
                        c,
                        "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_first', 'Handler_read_key',"
                                + " 'Handler_read_last', 'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd',"
                                + " 'Handler_read_rnd_next')",
                        rs -> rs.getLong(2))
                .stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
