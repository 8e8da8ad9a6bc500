package dev.snapshift.sandbox;

import java.util.List;

/**
 * A target shaped like the managed cloud database snapshift exists for, Azure Database for MySQL
 * Flexible Server on 8.0 (its documented "limitations" and "server parameters"): MySQL 8.0.33
 * initialised with {@code lower_case_table_names=1} (the only value offered on 8.0), {@code
 * sql_generate_invisible_primary_key=ON} (the default on 8.0.30+), {@code
 * require_secure_transport=ON}, InnoDB and MEMORY only ({@code disabled_storage_engines}), binary
 * logging on with {@code log_bin_trust_function_creators=OFF}, and migrations run as an admin
 * account holding what Azure's server admin holds — and nothing of SUPER, SET_USER_ID, SYSTEM_USER,
 * SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN.
 */
public final class ManagedProfile {
    /**
     * The server admin's privileges on Azure Database for MySQL, as documented in "Create users in
     * Azure Database for MySQL" (learn.microsoft.com, applies to Flexible Server), granted WITH
     * GRANT OPTION.
     */
    public static final List<String> ADMIN_PRIVILEGES =
            List.of(
                    "SELECT",
                    "INSERT",
                    "UPDATE",
                    "DELETE",
                    "CREATE",
                    "DROP",
                    "RELOAD",
                    "PROCESS",
                    "REFERENCES",
                    "INDEX",
                    "ALTER",
                    "SHOW DATABASES",
                    "CREATE TEMPORARY TABLES",
                    "LOCK TABLES",
                    "EXECUTE",
                    "REPLICATION SLAVE",
                    "REPLICATION CLIENT",
                    "CREATE VIEW",
                    "SHOW VIEW",
                    "CREATE ROUTINE",
                    "ALTER ROUTINE",
                    "CREATE USER",
                    "EVENT",
                    "TRIGGER");

    /**
     * What a cloud admin does not hold: a definer of another account, SET GLOBAL, sql_log_bin are
     * refused.
     */
    public static final List<String> WITHHELD =
            List.of(
                    "SUPER",
                    "SET_USER_ID",
                    "SYSTEM_USER",
                    "SYSTEM_VARIABLES_ADMIN",
                    "SESSION_VARIABLES_ADMIN");

    public static final String ADMIN = "cloudadmin";
    public static final String ADMIN_PASSWORD = "Cl0ud-Adm1n!";

    private ManagedProfile() {}

    /** The server options of the profile (a free port, a unique server id). */
    public static SandboxOptions options() {
        return SandboxOptions.of(Flavor.MYSQL_8_0_33)
                .withRequireSecureTransport(true)
                .withExtraArgs(
                        List.of(
                                SandboxOptions.LOWER_CASE_TABLE_NAMES_1,
                                "--sql-generate-invisible-primary-key=ON",
                                "--log-bin-trust-function-creators=OFF",
                                "--disabled-storage-engines=MyISAM,MRG_MYISAM,ARCHIVE,BLACKHOLE,FEDERATED,CSV"));
    }

    /** Starts a server of the profile and creates its admin account. */
    public static SandboxServer start() {
        return withAdmin(SandboxServer.start(options()));
    }

    /** Creates the admin account on a server of the profile (idempotent). */
    public static SandboxServer withAdmin(SandboxServer server) {
        String account = "'" + ADMIN + "'@'%'";
        server.execute(
                "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + ADMIN_PASSWORD + "'",
                "GRANT "
                        + String.join(", ", ADMIN_PRIVILEGES)
                        + " ON *.* TO "
                        + account
                        + " WITH GRANT OPTION");
        return server;
    }

    /**
     * The admin account as snapshift's command line names it, over TLS: {@code
     * mysql://cloudadmin:...@host:port}.
     */
    public static String adminUrl(SandboxServer server) {
        return "mysql://"
                + ADMIN
                + ":"
                + ADMIN_PASSWORD.replace("!", "%21")
                + "@"
                + server.host()
                + ":"
                + server.port()
                + "?ssl-mode=REQUIRED";
    }
}
