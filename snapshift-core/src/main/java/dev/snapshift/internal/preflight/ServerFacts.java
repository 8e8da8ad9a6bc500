package dev.snapshift.internal.preflight;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the checks need to know about one server, read once with plain reads: product and version,
 * the account's grants, some global variables, and whether the server reports each snapshot's
 * binlog position.
 *
 * @param provesSnapshotPosition the status variable {@code binlog_snapshot_file} exists (MariaDB,
 *     Percona Server): a session can read the exact binlog position of its own consistent snapshot
 */
public record ServerFacts(
        ServerInfo info,
        Grants grants,
        Map<String, String> variables,
        boolean provesSnapshotPosition) {

    static final List<String> VARIABLES =
            List.of(
                    "log_bin",
                    "binlog_format",
                    "binlog_row_image",
                    "binlog_expire_logs_seconds",
                    "expire_logs_days",
                    "gtid_mode",
                    "gtid_binlog_pos",
                    "lower_case_table_names",
                    "max_allowed_packet",
                    "sql_require_primary_key",
                    "innodb_force_primary_key",
                    "read_only",
                    "super_read_only",
                    "innodb_read_only",
                    "log_bin_trust_function_creators",
                    "sql_generate_invisible_primary_key");

    public ServerFacts {
        variables = Map.copyOf(variables);
    }

    public static ServerFacts read(Connection c, ServerInfo info) throws SQLException {
        Map<String, String> vars = new HashMap<>();
        String in = String.join(", ", VARIABLES.stream().map(v -> "'" + v + "'").toList());
        Jdbc.query(
                c,
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + in + ")",
                rs -> {
                    vars.put(
                            rs.getString(1).toLowerCase(Locale.ROOT),
                            rs.getString(2) == null ? "" : rs.getString(2));
                    return null;
                });
        boolean proves =
                !Jdbc.query(
                                c,
                                "SHOW GLOBAL STATUS LIKE 'binlog_snapshot_file'",
                                rs -> rs.getString(1))
                        .isEmpty();
        return new ServerFacts(info, Grants.read(c, info), vars, proves);
    }

    /** The variable's value, or null when the server does not have it. */
    public String variable(String name) {
        return variables.get(name);
    }

    /** ON, 1 or TRUE. */
    public boolean on(String name) {
        String v = variables.get(name);
        return v != null
                && (v.equalsIgnoreCase("ON") || v.equals("1") || v.equalsIgnoreCase("TRUE"));
    }

    /** The variable as a number, or {@code fallback} when absent or not a number. */
    public double number(String name, double fallback) {
        String v = variables.get(name);
        try {
            return v == null || v.isBlank() ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public boolean logBin() {
        return on("log_bin");
    }
}
