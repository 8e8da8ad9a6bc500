package dev.snapshift.sandbox.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The queries behind {@link TransferWorkload#checkInvariants}. */
final class InvariantCheck {
    private static final int MAX_REPORTED_ACCOUNTS = 10;

    private InvariantCheck() {}

    /**
     * @param db the quoted database name
     */
    static List<String> run(Connection c, String db, int accounts, long initialBalance)
            throws SQLException {
        List<String> violations = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT COUNT(*), COALESCE(SUM(balance), 0) FROM "
                                    + db
                                    + ".accounts")) {
                rs.next();
                long count = rs.getLong(1);
                long sum = rs.getLong(2);
                if (count != accounts) {
                    violations.add("accounts has " + count + " rows, expected " + accounts);
                }
                if (sum != accounts * initialBalance) {
                    violations.add(
                            "sum(balance) is " + sum + ", expected " + accounts * initialBalance);
                }
            }
            long ledgerRows = single(st, "SELECT COUNT(*) FROM " + db + ".ledger");
            long counterRows = single(st, "SELECT COUNT(*) FROM " + db + ".transfer_count");
            if (counterRows != 1) {
                violations.add("transfer_count has " + counterRows + " rows, expected 1");
            } else {
                long n = single(st, "SELECT n FROM " + db + ".transfer_count");
                if (n != ledgerRows) {
                    violations.add(
                            "ledger has " + ledgerRows + " rows but transfer_count.n is " + n);
                }
            }
            long orphans =
                    single(
                            st,
                            "SELECT COUNT(*) FROM "
                                    + db
                                    + ".ledger l WHERE NOT EXISTS (SELECT 1 FROM "
                                    + db
                                    + ".accounts a WHERE a.id = l.from_id) OR NOT EXISTS (SELECT 1 FROM "
                                    + db
                                    + ".accounts a WHERE a.id = l.to_id)");
            if (orphans != 0) {
                violations.add(orphans + " ledger rows name an account that does not exist");
            }
            violations.addAll(balanceMismatches(st, db, initialBalance));
        }
        return violations;
    }

    /** Accounts whose balance differs from what the ledger says it should be. */
    private static List<String> balanceMismatches(Statement st, String db, long initialBalance)
            throws SQLException {
        List<String> out = new ArrayList<>();
        String sql =
                "SELECT a.id, a.balance, "
                        + initialBalance
                        + " - COALESCE(o.s, 0) + COALESCE(i.s, 0) AS expected"
                        + " FROM "
                        + db
                        + ".accounts a"
                        + " LEFT JOIN (SELECT from_id, SUM(amount) s FROM "
                        + db
                        + ".ledger GROUP BY from_id) o ON o.from_id = a.id"
                        + " LEFT JOIN (SELECT to_id, SUM(amount) s FROM "
                        + db
                        + ".ledger GROUP BY to_id) i ON i.to_id = a.id"
                        + " WHERE a.balance <> "
                        + initialBalance
                        + " - COALESCE(o.s, 0) + COALESCE(i.s, 0) ORDER BY a.id";
        int mismatches = 0;
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                if (++mismatches <= MAX_REPORTED_ACCOUNTS) {
                    out.add(
                            "account "
                                    + rs.getInt(1)
                                    + " has balance "
                                    + rs.getLong(2)
                                    + ", the ledger says "
                                    + rs.getLong(3));
                }
            }
        }
        if (mismatches > MAX_REPORTED_ACCOUNTS) {
            out.add(
                    "... and "
                            + (mismatches - MAX_REPORTED_ACCOUNTS)
                            + " more accounts disagree with the ledger");
        }
        return out;
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
