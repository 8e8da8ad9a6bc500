package dev.snapshift.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.Migration;
import dev.snapshift.api.Checkpoint;
import dev.snapshift.api.MigrationState;
import dev.snapshift.api.MigrationState.TableState;
import dev.snapshift.api.Status;
import dev.snapshift.api.Verdict;
import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The verification inside the snapshot catches a page the target stored wrong: triggers created on
 * the target's fresh tables (at {@link Checkpoint#PLANNING}, after the tables were created, before
 * any row is copied) change one row as it arrives. Corrupted once, the page is copied again and the
 * table ends verified and equal; corrupted every time, the table fails as a mismatch naming the
 * row's key, and the run's verdict says so.
 */
class CopyVerificationIT {
    final SandboxServer source = TestServers.source(Flavor.MYSQL_8_0_33);
    final SandboxServer target = TestServers.target(Flavor.MYSQL_8_0_33);

    @Test
    void aCorruptedPageIsCopiedAgainAndACorruptedPageThatStaysFailsTheTable() throws Exception {
        String db = TestServers.unique("corrupt");
        String flags = TestServers.unique("corruptflags");
        String q = "`" + db + "`";
        String seq =
                " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                        + " SELECT i, CONCAT('v', i) FROM n";
        source.execute(
                "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".once (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + q + ".once" + seq,
                "CREATE TABLE " + q + ".always (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + q + ".always" + seq);
        target.execute("CREATE DATABASE `" + flags + "`", "CREATE TABLE `" + flags + "`.f (n INT)");
        AtomicBoolean armed = new AtomicBoolean();
        MigrationState state =
                Migration.of(
                                TestServers.config(source, target, List.of(db), 2, 100),
                                (point, session) -> {
                                    if (point == Checkpoint.PLANNING
                                            && armed.compareAndSet(false, true)) {
                                        target.execute(
                                                "CREATE TRIGGER "
                                                        + q
                                                        + ".once_bad BEFORE INSERT ON "
                                                        + q
                                                        + ".once FOR EACH ROW IF NEW.id = 150 AND NOT EXISTS"
                                                        + " (SELECT 1 FROM `"
                                                        + flags
                                                        + "`.f) THEN SET NEW.v = 'corrupt'; INSERT INTO `"
                                                        + flags
                                                        + "`.f VALUES (1); END IF",
                                                "CREATE TRIGGER "
                                                        + q
                                                        + ".always_bad BEFORE INSERT ON "
                                                        + q
                                                        + ".always FOR EACH ROW IF NEW.id = 250 THEN"
                                                        + " SET NEW.v = 'corrupt'; END IF");
                                    }
                                })
                        .run();
        assertThat(armed).isTrue();

        TableState once = table(state, "once");
        assertThat(once.status()).as("error: %s", once.error()).isEqualTo(Status.COMPLETED);
        assertThat(once.verified()).isEqualTo(Verdict.VERIFIED);
        assertThat(once.rows()).isEqualTo(500);
        try (Connection t = target.connect(db);
                var st = t.createStatement();
                var rs = st.executeQuery("SELECT v FROM once WHERE id = 150")) {
            rs.next();
            assertThat(rs.getString(1)).as("copied again").isEqualTo("v150");
        }
        try (Connection t = target.connect();
                var st = t.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM `" + flags + "`.f")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the row was corrupted once").isEqualTo(1);
        }

        TableState always = table(state, "always");
        assertThat(always.status()).isEqualTo(Status.FAILED);
        assertThat(always.verified()).isEqualTo(Verdict.MISMATCH);
        assertThat(always.differingKeys()).anyMatch(k -> k.contains("id=250"));
        assertThat(always.error()).contains("id=250");
        assertThat(state.verdict()).isEqualTo(Verdict.MISMATCH);
        assertThat(state.status()).isNotEqualTo(Status.COMPLETED);
        target.execute("DROP DATABASE `" + flags + "`");
    }

    private static TableState table(MigrationState s, String name) {
        return s.databases().get(0).tables().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
