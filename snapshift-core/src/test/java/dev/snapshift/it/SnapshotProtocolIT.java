package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.Status;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxOptions;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests the order of the snapshot protocol, not just its outcome: at each checkpoint an observer
 * connection asks the server whether the global read lock is held
 * (performance_schema.metadata_locks), and writes marker rows just before the lock and just after
 * the unlock.
 */
class SnapshotProtocolIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void coordinatesAndEverySnapshotStartHappenUnderTheLock() throws Exception {
        String db = prepare(source);
        List<ProtocolVerifier.Event> events = Collections.synchronizedList(new ArrayList<>());
        MigrationConfig config = TestServers.config(source, target, List.of(db), 4, 1000);
        try (Connection observer = source.connect();
                Connection writer = source.connect()) {
            MigrationState state =
                    Migration.of(
                                    config,
                                    (point, session) -> {
                                        if (point == Checkpoint.CHUNK_COMMITTED) {
                                            return;
                                        }
                                        if (point == Checkpoint.SESSIONS_OPENED) {
                                            insertMarker(writer, db, "before-lock");
                                        }
                                        if (point == Checkpoint.BEFORE_UNLOCK) {
                                            // writers really are blocked: a write with a 1 s lock
                                            // wait must time out
                                            assertThatThrownBy(
                                                            () -> {
                                                                try (Statement st =
                                                                        writer.createStatement()) {
                                                                    st.execute(
                                                                            "SET SESSION lock_wait_timeout = 1");
                                                                    st.execute(
                                                                            "INSERT INTO `"
                                                                                    + db
                                                                                    + "`.marker VALUES ('during-lock')");
                                                                }
                                                            })
                                                    .isInstanceOfSatisfying(
                                                            SQLException.class,
                                                            e ->
                                                                    assertThat(e.getErrorCode())
                                                                            .isEqualTo(1205));
                                        }
                                        events.add(
                                                new ProtocolVerifier.Event(
                                                        point,
                                                        session,
                                                        globalReadLockHeld(observer)));
                                        if (point == Checkpoint.UNLOCKED) {
                                            insertMarker(writer, db, "after-unlock");
                                        }
                                    })
                            .run();
            assertThat(state.status()).as("error: %s", state.error()).isEqualTo(Status.COMPLETED);
        }
        assertThat(ProtocolVerifier.violations(events, config.sessionCount())).isEmpty();
        List<Checkpoint> points = events.stream().map(ProtocolVerifier.Event::point).toList();
        int opened = points.indexOf(Checkpoint.SESSIONS_OPENED);
        // every session opens (and is prepared) before any lock; then the lock, then the
        // coordinates
        assertThat(points.subList(0, opened))
                .containsOnly(Checkpoint.PREFLIGHT_READING, Checkpoint.SESSION_OPENED)
                .filteredOn(p -> p == Checkpoint.SESSION_OPENED)
                .hasSize(config.sessionCount());
        assertThat(points.subList(opened, points.size()))
                .startsWith(
                        Checkpoint.SESSIONS_OPENED,
                        Checkpoint.LOCK_ACQUIRED,
                        Checkpoint.COORDINATES_READ);
        try (Connection t = target.connect()) {
            assertThat(markers(t, db)).containsExactly("before-lock");
        }
        try (Connection s = source.connect()) {
            assertThat(markers(s, db)).containsExactlyInAnyOrder("before-lock", "after-unlock");
        }
    }

    /**
     * WITH CONSISTENT SNAPSHOT is silently ignored below REPEATABLE READ: on a server whose default
     * is READ COMMITTED, the sessions must set their own level, or every read of the copy would see
     * the rows committed after the unlock.
     */
    @Test
    void theSnapshotHoldsOnAServerWhoseDefaultIsReadCommitted() throws Exception {
        try (SandboxServer rc =
                SandboxServer.start(
                        SandboxOptions.of(Flavor.MYSQL_8_0_33)
                                .withServerId(4714)
                                .withExtraArgs(
                                        List.of("--transaction-isolation=READ-COMMITTED")))) {
            String db = prepare(rc);
            try (Connection writer = rc.connect()) {
                try (Statement st = writer.createStatement();
                        ResultSet rs = st.executeQuery("SELECT @@global.transaction_isolation")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("READ-COMMITTED");
                }
                MigrationState state =
                        Migration.of(
                                        TestServers.config(rc, target, List.of(db), 4, 1000),
                                        (point, session) -> {
                                            if (point == Checkpoint.SESSIONS_OPENED) {
                                                insertMarker(writer, db, "before-lock");
                                            }
                                            if (point == Checkpoint.UNLOCKED) {
                                                // committed before any row is read
                                                insertMarker(writer, db, "after-unlock");
                                            }
                                        })
                                .run();
                assertThat(state.status())
                        .as("error: %s", state.error())
                        .isEqualTo(Status.COMPLETED);
            }
            try (Connection t = target.connect()) {
                assertThat(markers(t, db)).containsExactly("before-lock");
            }
        }
    }

    @Test
    void negativeControlASessionStartedAfterUnlockIsCaught() throws Exception {
        String db = prepare(source);
        List<ProtocolVerifier.Event> events = Collections.synchronizedList(new ArrayList<>());
        MigrationConfig config = TestServers.config(source, target, List.of(db), 2, 1000);
        try (Connection observer = source.connect();
                Connection late = source.connect()) {
            Migration.of(
                            config,
                            (point, session) -> {
                                if (point == Checkpoint.CHUNK_COMMITTED) {
                                    return;
                                }
                                events.add(
                                        new ProtocolVerifier.Event(
                                                point, session, globalReadLockHeld(observer)));
                                if (point == Checkpoint.UNLOCKED) {
                                    // what a buggy coordinator would do: start one more snapshot
                                    // once writers flow again
                                    try (Statement st = late.createStatement()) {
                                        st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                                    }
                                    events.add(
                                            new ProtocolVerifier.Event(
                                                    Checkpoint.SNAPSHOT_STARTED,
                                                    config.sessionCount(),
                                                    globalReadLockHeld(observer)));
                                }
                            })
                    .run();
        }
        assertThat(ProtocolVerifier.violations(events, config.sessionCount()))
                .anySatisfy(v -> assertThat(v).contains("outside the lock"));
    }

    /** A database with a marker table (labels written at checkpoints) and a few rows. */
    private static String prepare(SandboxServer server) throws SQLException {
        String db = TestServers.unique("proto");
        server.execute(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.marker (label VARCHAR(20) PRIMARY KEY)",
                "CREATE TABLE `" + db + "`.data (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `" + db + "`.data VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        return db;
    }

    private static void insertMarker(Connection c, String db, String label) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO `" + db + "`.marker VALUES ('" + label + "')");
        }
    }

    private static List<String> markers(Connection c, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT label FROM `" + db + "`.marker")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static boolean globalReadLockHeld(Connection observer) throws SQLException {
        try (Statement st = observer.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT COUNT(*) FROM performance_schema.metadata_locks WHERE OBJECT_TYPE = 'GLOBAL'"
                                        + " AND LOCK_TYPE = 'SHARED' AND LOCK_STATUS = 'GRANTED'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
