package dev.snapshift.sandbox.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A concurrent write load whose cross-table invariants hold after every commit, so any copy taken
 * at a consistent point in time satisfies them too, and a copy mixing two points in time almost
 * surely does not.
 *
 * <p>Each thread loops over one transaction: move a random amount between two random accounts,
 * append the move to {@code ledger} and bump the single counter row of {@code transfer_count}.
 * Deadlocks and lock wait timeouts are retried; other errors (a global read lock, a lost
 * connection) are counted, waited out and the loop goes on. {@link #checkInvariants} verifies a
 * database.
 */
public final class TransferWorkload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferWorkload.class);

    private final List<TransferWorker> workers;
    private final List<Thread> threads;

    private TransferWorkload(List<TransferWorker> workers, List<Thread> threads) {
        this.workers = workers;
        this.threads = threads;
    }

    /**
     * Creates {@code database} (if missing) and in it the tables {@code accounts}, {@code ledger}
     * and {@code transfer_count}, with {@code accounts} rows of {@code initialBalance} each. The
     * tables must not exist.
     */
    public static void createSchema(
            Connection root, String database, int accounts, long initialBalance)
            throws SQLException {
        if (accounts < 2) {
            throw new IllegalArgumentException(
                    "a transfer needs at least 2 accounts, got " + accounts);
        }
        String db = quote(database);
        try (Statement st = root.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + db);
            st.execute(
                    "CREATE TABLE "
                            + db
                            + ".accounts (id INT NOT NULL PRIMARY KEY, balance BIGINT NOT NULL)"
                            + " ENGINE=InnoDB");
            st.execute(
                    "CREATE TABLE "
                            + db
                            + ".ledger (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                            + " from_id INT NOT NULL, to_id INT NOT NULL, amount BIGINT NOT NULL, created_at DATETIME(6) NOT NULL,"
                            + " KEY idx_ledger_from (from_id), KEY idx_ledger_to (to_id)) ENGINE=InnoDB");
            st.execute(
                    "CREATE TABLE "
                            + db
                            + ".transfer_count (id INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)"
                            + " ENGINE=InnoDB");
            st.execute("INSERT INTO " + db + ".transfer_count VALUES (1, 0)");
            for (int from = 1; from <= accounts; from += 1000) {
                StringBuilder insert = new StringBuilder("INSERT INTO " + db + ".accounts VALUES ");
                for (int id = from; id < from + 1000 && id <= accounts; id++) {
                    insert.append(id == from ? "" : ",")
                            .append('(')
                            .append(id)
                            .append(',')
                            .append(initialBalance)
                            .append(')');
                }
                st.execute(insert.toString());
            }
        }
    }

    /**
     * Starts {@code threads} transfer threads, each with its own connection, opened before this
     * returns.
     *
     * @param jdbcUrlWithDb a Connector/J URL whose default database holds the schema of {@link
     *     #createSchema}
     * @param seed makes the sequence of transfers of each thread reproducible (not their
     *     interleaving)
     * @throws IllegalStateException when the connections cannot be opened or the schema is missing
     */
    public static TransferWorkload start(
            String jdbcUrlWithDb, String user, String password, int threads, long seed) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        List<TransferWorker> workers = new ArrayList<>();
        try {
            int accounts = countAccounts(jdbcUrlWithDb, user, password);
            for (int i = 0; i < threads; i++) {
                workers.add(new TransferWorker(jdbcUrlWithDb, user, password, accounts, seed + i));
            }
        } catch (SQLException e) {
            workers.forEach(TransferWorker::closeConnection);
            throw new IllegalStateException(
                    "cannot start the transfer workload: " + e.getMessage(), e);
        }
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "transfer-workload-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        LOG.info("Transfer workload started with {} threads", threads);
        return new TransferWorkload(workers, started);
    }

    private static int countAccounts(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM accounts")) {
            rs.next();
            int count = rs.getInt(1);
            if (count < 2 || rs.getInt(2) != 1 || rs.getInt(3) != count) {
                throw new SQLException(
                        "accounts must hold ids 1.." + count + " (at least 2); see createSchema");
            }
            return count;
        }
    }

    /** Transactions committed so far (a commit whose acknowledgement was lost is not counted). */
    public long committed() {
        return workers.stream().mapToLong(TransferWorker::committed).sum();
    }

    /** Transactions rolled back and retried after a deadlock or lock wait timeout. */
    public long retried() {
        return workers.stream().mapToLong(TransferWorker::retried).sum();
    }

    /** Other errors the threads waited out, e.g. lost connections. */
    public long errors() {
        return workers.stream().mapToLong(TransferWorker::errors).sum();
    }

    /** The most recent error other than a retried deadlock or lock wait, if any. */
    public SQLException lastError() {
        return workers.stream()
                .map(TransferWorker::lastError)
                .filter(Objects::nonNull)
                .reduce((a, b) -> b)
                .orElse(null);
    }

    /** Stops the threads after their current transaction and waits for them. Idempotent. */
    public void stop() {
        workers.forEach(TransferWorker::requestStop);
        boolean interrupted = false;
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            try {
                t.join(10_000);
                if (t.isAlive()) { // blocked on a lock: cut its connection
                    workers.get(i).abortConnection();
                    t.join(10_000);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                workers.get(i).abortConnection();
            }
        }
        workers.forEach(TransferWorker::closeConnection);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info(
                "Transfer workload stopped: {} committed, {} retried, {} other errors",
                committed(),
                retried(),
                errors());
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Checks the invariants of a database written by this workload; empty when all hold:
     *
     * <ul>
     *   <li>{@code accounts} has {@code accounts} rows and {@code sum(balance) = accounts *
     *       initialBalance};
     *   <li>{@code count(ledger) = transfer_count.n};
     *   <li>every account's balance is {@code initialBalance - sum(out) + sum(in)} over the ledger.
     * </ul>
     *
     * With an autocommit connection the checks read one consistent snapshot, so they also hold
     * while the load runs.
     */
    public static List<String> checkInvariants(
            Connection c, String database, int accounts, long initialBalance) throws SQLException {
        boolean ownTransaction = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        if (ownTransaction) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            }
        }
        try {
            return InvariantCheck.run(c, quote(database), accounts, initialBalance);
        } finally {
            if (ownTransaction) {
                try (Statement st = c.createStatement()) {
                    st.execute("COMMIT");
                }
                c.setTransactionIsolation(isolation);
            }
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
