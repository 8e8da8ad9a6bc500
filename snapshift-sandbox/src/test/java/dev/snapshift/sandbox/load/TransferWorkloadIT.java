package dev.snapshift.sandbox.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapshift.sandbox.Flavor;
import dev.snapshift.sandbox.SandboxServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransferWorkloadIT {
    private static final int ACCOUNTS = 50;
    private static final long INITIAL = 1_000;
    private static final int THREADS = 4;

    @ParameterizedTest
    @EnumSource(
            value = Flavor.class,
            names = {"MYSQL_8_0_15", "MARIADB_11_4_5"})
    void invariantsHoldUnderLoadLocksAndKilledConnections(Flavor flavor) throws Exception {
        try (SandboxServer server = SandboxServer.start(flavor)) {
            try (Connection root = server.connect()) {
                TransferWorkload.createSchema(root, "bank", ACCOUNTS, INITIAL);
                assertThat(TransferWorkload.checkInvariants(root, "bank", ACCOUNTS, INITIAL))
                        .isEmpty();
            }
            server.createUser("loader", "loader-Secret-1", "ALL ON bank.*");

            TransferWorkload load =
                    TransferWorkload.start(
                            server.jdbcUrl("bank"), "loader", "loader-Secret-1", THREADS, 42);
            try (load;
                    Connection c = server.connect();
                    Statement st = c.createStatement()) {
                Thread.sleep(700);
                assertThat(TransferWorkload.checkInvariants(c, "bank", ACCOUNTS, INITIAL))
                        .as("a consistent snapshot taken while the load runs")
                        .isEmpty();

                st.execute("FLUSH TABLES WITH READ LOCK");
                long underLock = load.committed();
                Thread.sleep(300);
                assertThat(load.committed() - underLock)
                        .as("commits while the global read lock is held")
                        .isLessThanOrEqualTo(THREADS);
                st.execute("UNLOCK TABLES");

                killOneLoaderConnection(st);
                long afterDisruption = load.committed();
                Thread.sleep(1_000);
                assertThat(load.committed())
                        .as("the load goes on after a lock and a killed connection")
                        .isGreaterThan(afterDisruption + 10);
            }
            assertThat(load.errors()).as("the killed connection was noticed").isPositive();

            try (Connection c = server.connect();
                    Statement st = c.createStatement()) {
                assertThat(TransferWorkload.checkInvariants(c, "bank", ACCOUNTS, INITIAL))
                        .isEmpty();
                try (ResultSet rs = st.executeQuery("SELECT n FROM bank.transfer_count")) {
                    rs.next(); // a commit whose acknowledgement the kill cut off counts on
                    // the server only
                    assertThat(rs.getLong(1)).isBetween(load.committed(), load.committed() + 1);
                }

                st.executeUpdate("UPDATE bank.accounts SET balance = balance + 7 WHERE id = 3");
                List<String> violations =
                        TransferWorkload.checkInvariants(c, "bank", ACCOUNTS, INITIAL);
                assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("sum(balance) is"));
                assertThat(violations)
                        .anySatisfy(v -> assertThat(v).startsWith("account 3 has balance"));

                st.executeUpdate("UPDATE bank.accounts SET balance = balance - 7 WHERE id = 3");
                st.executeUpdate("DELETE FROM bank.ledger ORDER BY id DESC LIMIT 1");
                assertThat(TransferWorkload.checkInvariants(c, "bank", ACCOUNTS, INITIAL))
                        .anySatisfy(v -> assertThat(v).contains("transfer_count.n"));
            }
        }
    }

    private static void killOneLoaderConnection(Statement st) throws SQLException {
        long id;
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'loader' LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            id = rs.getLong(1);
        }
        st.execute("KILL " + id);
    }
}
