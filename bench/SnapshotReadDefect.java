import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Inside one consistent snapshot, reads of the same key range must return the same rows, whatever
 * the statement. This program appends rows to a table from three connections and, meanwhile, in
 * each of SNAPSHOTS consistent snapshots, reads the range of the 250 rows at the table's end (as
 * the snapshot sees it) several ways, twice each, in a shuffled order; a read that returns another
 * row count than most reads of its snapshot is counted as wrong. No snapshift code is involved:
 * what it measures is the server. Run by bench/snapshot-read-defect.sh.
 *
 * <p>Arguments: PORT SNAPSHOTS.
 */
public class SnapshotReadDefect {
    public static void main(String[] args) throws Exception {
        String url =
                "jdbc:mysql://127.0.0.1:" + args[0] + "/?user=root&sslMode=DISABLED&allowPublicKeyRetrieval=true";
        int snapshots = Integer.parseInt(args[1]);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS defect");
            st.execute("DROP TABLE IF EXISTS defect.ledger");
            st.execute(
                    "CREATE TABLE defect.ledger (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                            + " from_id INT NOT NULL, to_id INT NOT NULL, amount BIGINT NOT NULL,"
                            + " created_at DATETIME(6) NOT NULL, KEY k_from (from_id), KEY k_to (to_id))"
                            + " ENGINE=InnoDB");
        }
        AtomicBoolean run = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Thread t =
                    new Thread(
                            () -> {
                                try (Connection c = DriverManager.getConnection(url);
                                        Statement st = c.createStatement()) {
                                    while (run.get()) {
                                        st.execute(
                                                "INSERT INTO defect.ledger (from_id, to_id, amount, created_at)"
                                                        + " VALUES (FLOOR(RAND() * 200), FLOOR(RAND() * 200), 5, NOW(6))");
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            t.start();
            writers.add(t);
        }
        Thread.sleep(1500); // a few thousand rows first
        String h =
                "CAST(CONV(LEFT(MD5(CONCAT_WS(',', IFNULL(`id`, 'n'), IFNULL(`from_id`, 'n'),"
                        + " IFNULL(`to_id`, 'n'), IFNULL(`amount`, 'n'), IFNULL(`created_at`, 'n'))), 16), 16, 10)"
                        + " AS UNSIGNED)";
        Map<String, int[]> wrong = new TreeMap<>();
        int contradicted = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            for (int s = 0; s < snapshots; s++) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                long hi;
                try (ResultSet rs = st.executeQuery("SELECT MAX(id) FROM defect.ledger")) {
                    rs.next();
                    hi = rs.getLong(1);
                }
                long lo = hi - 249;
                Thread.sleep(30); // rows are appended after the snapshot's end meanwhile
                String range = "FROM defect.ledger WHERE `id` >= " + lo + " AND `id` <= " + hi;
                Map<String, String> reads = new LinkedHashMap<>();
                reads.put("count(*), sum(row hash)", "SELECT COUNT(*), SUM(" + h + ") " + range);
                reads.put("rows, ORDER BY id LIMIT 250", "rows:SELECT * " + range + " ORDER BY `id` LIMIT 250");
                reads.put("row hashes, ORDER BY id", "rows:SELECT `id`, " + h + " " + range + " ORDER BY `id`");
                reads.put("count(*) from id >= lo", "SELECT COUNT(*) FROM defect.ledger WHERE `id` >= " + lo);
                List<String> order = new ArrayList<>(reads.keySet());
                Collections.shuffle(order);
                Map<String, List<Long>> got = new LinkedHashMap<>();
                for (int rep = 0; rep < 2; rep++) {
                    for (String k : order) {
                        String sql = reads.get(k);
                        long n = 0;
                        if (sql.startsWith("rows:")) {
                            try (ResultSet rs = st.executeQuery(sql.substring(5))) {
                                while (rs.next()) {
                                    n++;
                                }
                            }
                        } else {
                            try (ResultSet rs = st.executeQuery(sql)) {
                                rs.next();
                                n = rs.getLong(1);
                            }
                        }
                        got.computeIfAbsent(k, x -> new ArrayList<>()).add(n);
                    }
                }
                st.execute("COMMIT");
                Map<Long, Integer> votes = new HashMap<>();
                got.values().forEach(l -> l.forEach(v -> votes.merge(v, 1, Integer::sum)));
                long most = Collections.max(votes.entrySet(), Map.Entry.comparingByValue()).getKey();
                boolean any = false;
                for (Map.Entry<String, List<Long>> e : got.entrySet()) {
                    int[] w = wrong.computeIfAbsent(e.getKey(), x -> new int[2]);
                    for (long v : e.getValue()) {
                        w[1]++;
                        if (v != most) {
                            w[0]++;
                            any = true;
                        }
                    }
                }
                if (any) {
                    contradicted++;
                    if (contradicted <= 3) {
                        System.out.println("  snapshot " + (s + 1) + ", range [" + lo + ".." + hi + "]: " + got);
                    }
                }
            }
        } finally {
            run.set(false);
            for (Thread t : writers) {
                t.join();
            }
        }
        System.out.println(
                "snapshots whose reads of one range disagreed: " + contradicted + " of " + snapshots);
        wrong.forEach((k, v) -> System.out.println("  " + k + ": " + v[0] + " of " + v[1] + " reads off"));
    }
}
