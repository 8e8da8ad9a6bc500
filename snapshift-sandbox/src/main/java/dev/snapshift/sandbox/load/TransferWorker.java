package dev.snapshift.sandbox.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread of {@link TransferWorkload}: owns its connection for life and loops over one transfer
 * transaction. Deadlocks and lock wait timeouts are retried at once; any other error is waited out
 * (100 ms, reconnecting when the connection is gone), so a global read lock or a killed connection
 * never ends the load.
 */
final class TransferWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferWorker.class);
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private final String url;
    private final String user;
    private final String password;
    private final int accounts;
    private final Random random;
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile SQLException lastError;
    private volatile boolean running = true;

    TransferWorker(String url, String user, String password, int accounts, long seed)
            throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.accounts = accounts;
        this.random = new Random(seed);
        connection.set(open());
    }

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password);
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public void run() {
        while (running) {
            int from = 1 + random.nextInt(accounts);
            int to = 1 + (from + random.nextInt(accounts - 1)) % accounts; // != from
            long amount = 1 + random.nextInt(100);
            try {
                transfer(from, to, amount);
                committed.incrementAndGet();
            } catch (SQLException e) {
                rollbackQuietly();
                if (e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT) {
                    retried.incrementAndGet();
                } else if (running) {
                    waitOut(e);
                }
            }
        }
    }

    private void transfer(int from, int to, long amount) throws SQLException {
        Connection c = connection();
        try (Statement st = c.createStatement()) {
            st.executeUpdate(
                    "UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + from);
            st.executeUpdate(
                    "UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + to);
            st.executeUpdate(
                    "INSERT INTO ledger (from_id, to_id, amount, created_at) VALUES ("
                            + from
                            + ", "
                            + to
                            + ", "
                            + amount
                            + ", NOW(6))");
            st.executeUpdate("UPDATE transfer_count SET n = n + 1 WHERE id = 1");
        }
        c.commit();
    }

    /** A non-retryable error: note it, pause, and reconnect when the connection is gone. */
    private void waitOut(SQLException e) {
        errors.incrementAndGet();
        lastError = e;
        LOG.debug("Transfer failed, continuing: {}", e.toString());
        try {
            Thread.sleep(100);
            Connection c = connection.get();
            if (c == null || !c.isValid(2)) {
                closeConnection();
                connection.set(open());
            }
        } catch (InterruptedException ie) {
            running = false;
            Thread.currentThread().interrupt();
        } catch (SQLException reconnect) {
            lastError = reconnect;
        }
    }

    private Connection connection() throws SQLException {
        Connection c = connection.get();
        if (c == null) {
            throw new SQLException("no connection", "08003");
        }
        return c;
    }

    private void rollbackQuietly() {
        Connection c = connection.get();
        try {
            if (c != null && !c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; waitOut replaces it
        }
    }

    void requestStop() {
        running = false;
    }

    void abortConnection() {
        Connection c = connection.get();
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    void closeConnection() {
        Connection c = connection.getAndSet(null);
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
    }

    long committed() {
        return committed.get();
    }

    long retried() {
        return retried.get();
    }

    long errors() {
        return errors.get();
    }

    SQLException lastError() {
        return lastError;
    }
}
