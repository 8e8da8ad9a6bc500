package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.Verification;
import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationHooks;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.api.Verdict;
import dev.snapshift.api.VerifyConfig;
import dev.snapshift.api.VerifyResult;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import dev.snapshift.sandbox.check.Replication;
import dev.snapshift.sandbox.check.TableDigest;
import dev.snapshift.sandbox.load.TransferWorkload;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strong proof of consistency: a concurrent write load keeps cross-table invariants (money
 * moves between accounts, every move has a ledger row, a counter counts them). The copy, taken
 * while the load runs, must satisfy every invariant; and replication started on the target from the
 * reported coordinates must make the target equal to the source, table by table and row by row.
 */
class ConsistencyIT {
    static final int ACCOUNTS = 200;
    static final long BALANCE = 1_000;

    /**
     * Each pair runs this many times ({@code bench/consistency-stress.sh} raises it; CI runs each
     * once).
     */
    static final int REPEAT = Integer.getInteger("snapshift.consistency.repeat", 1);

    /** Only these cases (1-based, comma-separated), e.g. {@code 3,9}; all when unset. */
    static final String ONLY = System.getProperty("snapshift.consistency.only", "");

    static Stream<Arguments> pairs() {
        List<Arguments> all = allPairs().toList();
        List<Arguments> chosen =
                ONLY.isBlank()
                        ? all
                        : java.util.Arrays.stream(ONLY.split(","))
                                .map(n -> all.get(Integer.parseInt(n.trim()) - 1))
                                .toList();
        return Stream.iterate(0, i -> i < REPEAT, i -> i + 1).flatMap(i -> chosen.stream());
    }

    static Stream<Arguments> allPairs() {
        return Stream.of(
                Arguments.of(
                        Flavor.MYSQL_8_0_33,
                        Flavor.MYSQL_8_0_33,
                        ConsistencyMode.SNAPSHOT,
                        "SNAPSHOT"),
                Arguments.of(
                        Flavor.MARIADB_11_4_5,
                        Flavor.MARIADB_11_4_5,
                        ConsistencyMode.SNAPSHOT,
                        "SNAPSHOT"),
                Arguments.of(
                        Flavor.MYSQL_5_7_22,
                        Flavor.MYSQL_8_0_33,
                        ConsistencyMode.SNAPSHOT,
                        "SNAPSHOT"),
                Arguments.of(
                        Flavor.MYSQL_8_0_33,
                        Flavor.MYSQL_8_0_33,
                        ConsistencyMode.LOCK_TABLES,
                        "LOCK_TABLES"),
                Arguments.of(
                        Flavor.MARIADB_11_4_5,
                        Flavor.MARIADB_11_4_5,
                        ConsistencyMode.LOCK_TABLES,
                        "LOCK_TABLES"),
                Arguments.of(
                        Flavor.MYSQL_8_0_33,
                        Flavor.MYSQL_8_0_33,
                        ConsistencyMode.READ_ONLY,
                        "READ_ONLY"),
                Arguments.of(
                        Flavor.MARIADB_11_4_5,
                        Flavor.MARIADB_11_4_5,
                        ConsistencyMode.READ_ONLY,
                        "READ_ONLY"),
                Arguments.of(
                        Flavor.MYSQL_5_7_22,
                        Flavor.MYSQL_8_0_33,
                        ConsistencyMode.READ_ONLY,
                        "READ_ONLY"),
                Arguments.of(
                        Flavor.MARIADB_11_4_5,
                        Flavor.MARIADB_11_4_5,
                        ConsistencyMode.LOCKLESS,
                        "LOCKLESS"),
                Arguments.of(
                        Flavor.MYSQL_8_0_33,
                        Flavor.MYSQL_8_0_33,
                        ConsistencyMode.AUTO,
                        "SNAPSHOT"));
    }

    /** A run's error when the source gave two answers for one range inside its snapshot. */
    static final String SOURCE_CONTRADICTED =
            "the source answered two reads of this range differently inside the one snapshot";

    /**
     * Whether the ledger ids an error names ("id=N (only on the target)", "id=N (missing on the
     * target)") are all rows of the source's ledger (it is only appended to: a row one read of the
     * snapshot returned is there for good).
     */
    static boolean ledgerRowsNamedIn(SandboxServer source, String db, String error)
            throws Exception {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("id=(\\d+) \\((only|missing) on the target\\)")
                        .matcher(error);
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        if (ids.isEmpty()) {
            return false;
        }
        try (Connection c = source.connect();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM `"
                                        + db
                                        + "`.ledger WHERE id IN ("
                                        + String.join(",", ids)
                                        + ")")) {
            rs.next();
            return rs.getInt(1) == ids.size();
        }
    }

    @ParameterizedTest(name = "{0} to {1}, {2}")
    @MethodSource("pairs")
    void copyUnderWriteLoadKeepsInvariantsAndCoordinatesAreExact(
            Flavor from, Flavor to, ConsistencyMode mode, String expectedMode) throws Exception {
        SandboxServer source = TestServers.source(from);
        SandboxServer target = TestServers.target(to);
        String db = TestServers.unique("bank");
        try (Connection c = source.connect()) {
            TransferWorkload.createSchema(c, db, ACCOUNTS, BALANCE);
            Replication.createUser(c, from.isMariaDb());
        }
        MigrationState state;
        long atEnd;
        // The load writes as root (SUPER): super_read_only must stop it in read-only mode. MariaDB
        // has no
        // super_read_only, and read_only never stops its READ ONLY ADMIN holders, so there an
        // application user writes.
        String user = source.rootUser();
        String password = source.rootPassword();
        if (mode == ConsistencyMode.READ_ONLY && from.isMariaDb()) {
            user = "app_" + db;
            password = "app-Pass-1";
            source.createUser(user, password, "SELECT, INSERT, UPDATE, DELETE ON `" + db + "`.*");
        }
        try (TransferWorkload load =
                TransferWorkload.start(source.jdbcUrl(db), user, password, 4, 7)) {
            awaitCommits(load, 2_000);
            ReadOnlyWatch watch = new ReadOnlyWatch(source, db);
            state =
                    Migration.of(
                                    TestServers.config(source, target, List.of(db), 3, 250)
                                            .withConsistency(mode),
                                    mode == ConsistencyMode.READ_ONLY ? watch : MigrationHooks.NONE)
                            .run();
            if (mode == ConsistencyMode.READ_ONLY) {
                assertThat(watch.violations())
                        .as("writes landed while the source was read-only")
                        .isEmpty();
                assertThat(watch.checks()).isPositive();
                assertThat(ReadOnlyWatch.readOnlyFlags(source))
                        .as("read_only restored")
                        .containsOnly("0");
            }
            long afterCopy = load.committed();
            awaitCommits(
                    load, afterCopy + 200); // writes after the snapshot, for replication to replay
            atEnd = load.committed();
        }
        String contradicted =
                state.databases().stream()
                        .flatMap(d -> d.tables().stream())
                        .map(MigrationState.TableState::error)
                        .filter(e -> e != null && e.contains(SOURCE_CONTRADICTED))
                        .findFirst()
                        .orElse(null);
        if (from == Flavor.MYSQL_5_7_22
                && mode == ConsistencyMode.SNAPSHOT
                && state.status() == Status.FAILED
                && contradicted != null) {
            // MySQL 5.7.22's InnoDB: inside one consistent snapshot, a range read at the end of a
            // table that is being appended to may return only its first row (reproduced without
            // snapshift, README, Sources; 8.0 never does). The copy read the range whole and the
            // check read one row, or the other way round: the run refuses to call the copy
            // verified. The rows the check missed are rows the source holds.
            System.out.println("MySQL 5.7.22 contradicted its own snapshot: " + contradicted);
            assertThat(ledgerRowsNamedIn(source, db, contradicted))
                    .as("the rows the source's check missed exist on the source")
                    .isTrue();
            return;
        }
        assertThat(state.status())
                .as("migration status, error: %s", state.error())
                .isEqualTo(Status.COMPLETED);
        assertThat(state.consistency()).isEqualTo(expectedMode);
        assertThat(state.verdict())
                .as("every chunk verified inside the snapshot")
                .isEqualTo(Verdict.VERIFIED);
        assertThat(state.chunksVerified())
                .isEqualTo(
                        state.databases().get(0).tables().stream()
                                .mapToLong(MigrationState.TableState::chunksTotal)
                                .sum());
        assertThat(state.binlog()).isNotNull();
        if (mode == ConsistencyMode.LOCKLESS) {
            assertThat(state.lock()).as("lockless takes no lock").isNull();
        } else {
            assertThat(state.lock()).isNotNull();
        }
        MigrationState.TableState ledger =
                state.databases().get(0).tables().stream()
                        .filter(t -> t.name().equals("ledger"))
                        .findFirst()
                        .orElseThrow();
        assertThat(ledger.chunksTotal()).as("ledger copied in several chunks").isGreaterThan(1);

        try (Connection t = target.connect();
                Connection s = source.connect()) {
            List<String> violations = TransferWorkload.checkInvariants(t, db, ACCOUNTS, BALANCE);
            assertThat(violations)
                    .as(
                            "invariants on the copy (binlog %s; %s)",
                            state.binlog(), violations.isEmpty() ? "" : missingLedgerRows(s, t, db))
                    .isEmpty();
            long copiedTransfers = count(t, db);
            assertThat(copiedTransfers)
                    .as("the copy is a past instant, not the end state")
                    .isLessThan(atEnd);

            Replication.start(
                    t,
                    source.host(),
                    source.port(),
                    state.binlog().file(),
                    state.binlog().position());
            try {
                Replication.awaitCaughtUp(t, s, Duration.ofMinutes(2));
            } finally {
                Replication.stop(t);
            }
            Map<String, TableDigest> expected = TableDigest.ofDatabase(s, db);
            Map<String, TableDigest> actual = TableDigest.ofDatabase(t, db);
            assertThat(TableDigest.differences(expected, actual))
                    .as("target after replication vs source")
                    .isEmpty();
            assertThat(expected).hasSize(3);
            assertThat(count(t, db)).isEqualTo(count(s, db));
        }
        // replication stopped, the load over: verify proves the target equal, with no writes seen
        VerifyResult verified =
                Verification.of(
                                VerifyConfig.of(
                                                TestServers.spec(source),
                                                TestServers.spec(target),
                                                List.of(db))
                                        .withThreads(2)
                                        .withChunkRows(250))
                        .run();
        assertThat(verified.equal())
                .as("verify after replication: %s %s", verified.schema(), verified.tables())
                .isTrue();
        assertThat(verified.tables()).hasSize(3);
        assertThat(verified.writesSeen()).isFalse();
    }

    /**
     * Evidence for a failed invariant: ledger rows the source has (up to the copy's last id) that
     * the copy lacks.
     */
    private static String missingLedgerRows(Connection source, Connection target, String db)
            throws Exception {
        java.util.Set<Long> copied = new java.util.HashSet<>();
        long maxCopied = 0;
        try (var st = target.createStatement();
                var rs = st.executeQuery("SELECT id FROM `" + db + "`.ledger")) {
            while (rs.next()) {
                copied.add(rs.getLong(1));
                maxCopied = Math.max(maxCopied, rs.getLong(1));
            }
        }
        StringBuilder out =
                new StringBuilder(
                        "copy has "
                                + copied.size()
                                + " ledger rows up to id "
                                + maxCopied
                                + "; missing from the copy:");
        int n = 0;
        try (var st = source.createStatement();
                var rs =
                        st.executeQuery(
                                "SELECT id, created_at FROM `" + db + "`.ledger ORDER BY id")) {
            while (rs.next()) {
                if (!copied.contains(rs.getLong(1)) && n++ < 30) {
                    out.append(' ').append(rs.getLong(1)).append('@').append(rs.getString(2));
                }
            }
        }
        return out.append(" (").append(n).append(" source rows not in the copy)").toString();
    }

    private static long count(Connection c, String db) throws Exception {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT n FROM `" + db + "`.transfer_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void awaitCommits(TransferWorkload load, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (load.committed() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the write load committed only " + load.committed() + " transactions");
            }
            Thread.sleep(20);
        }
    }
}
