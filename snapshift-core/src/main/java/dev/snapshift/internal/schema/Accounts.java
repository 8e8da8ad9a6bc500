package dev.snapshift.internal.schema;

import dev.snapshift.api.MigrationState.ObjectState;
import dev.snapshift.api.Status;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.api.Transformation;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts, roles and their grants ({@code --users PATTERN}): read on the source, created on the
 * target before the views and routines whose definers they are. System and platform accounts are
 * never copied; an account the target already has is left as it is. A privilege the target account
 * may not grant (a managed database keeps SUPER, FILE, SHUTDOWN... to itself) or does not know
 * (MariaDB's own) is dropped and reported, the rest of the grant kept. Password hashes are copied
 * as hashes, and never appear in a log, a message or the report.
 */
public final class Accounts {
    /** Accounts of the server itself or of a cloud platform: never copied. */
    static final Set<String> SYSTEM_USERS =
            Set.of(
                    "root",
                    "mysql.sys",
                    "mysql.session",
                    "mysql.infoschema",
                    "mariadb.sys",
                    "debian-sys-maint",
                    "azure_superuser",
                    "azure_pg_admin",
                    "rdsadmin",
                    "rdsrepladmin",
                    "rds_superuser_role",
                    "cloudsqlsuperuser",
                    "public");

    /** One account or role and what it takes to recreate it. */
    public record Account(
            String user, String host, boolean role, String create, List<String> grants) {
        /** {@code 'user'@'host'} as SQL names it. */
        public String sqlName() {
            return quote(user) + (role && host.isEmpty() ? "" : "@" + quote(host));
        }

        /** {@code user@host}, as the report shows it. */
        public String label() {
            return host.isEmpty() ? user : user + "@" + host;
        }
    }

    private static final Pattern GRANT =
            Pattern.compile(
                    "^GRANT\\s+(.+?)\\s+ON\\s+(.+?)\\s+TO\\s+(.+?)(\\s+WITH\\s+GRANT\\s+OPTION)?\\s*$",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ROLE_GRANT =
            Pattern.compile(
                    "^GRANT\\s+(.+?)\\s+TO\\s+(.+?)(\\s+WITH\\s+ADMIN\\s+OPTION)?\\s*$",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DEFAULT_ROLE =
            Pattern.compile(
                    "\\s+DEFAULT\\s+ROLE\\s+.*?(?=\\s+(?:REQUIRE|WITH|PASSWORD|ACCOUNT|COMMENT|ATTRIBUTE)\\b|$)",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern MARIADB_PASSWORD =
            Pattern.compile(
                    "\\s+IDENTIFIED\\s+(?:BY\\s+PASSWORD|VIA\\s+mysql_native_password\\s+USING)\\s+('[^']*')",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIED_CLAUSE =
            Pattern.compile(
                    "\\s+IDENTIFIED\\s+(?:BY|VIA|WITH)\\s+.*?(?=\\s+(?:REQUIRE|WITH|PASSWORD|ACCOUNT)\\b|$)",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'");

    private Accounts() {}

    /**
     * The accounts and roles {@code options} selects, read on the source (roles first, so that
     * their grants to users find them). Needs SELECT on the {@code mysql} schema.
     */
    public static List<Account> read(Connection source, TargetOptions options) throws SQLException {
        if (options.users() == null) {
            return List.of();
        }
        try {
            Jdbc.execute(source, "SET SESSION print_identified_with_as_hex = ON");
        } catch (SQLException e) {
            // before MySQL 8.0.17 and MariaDB: hashes are printable there
        }
        boolean mariadb =
                Jdbc.scalar(source, "SELECT VERSION()")
                        .toLowerCase(Locale.ROOT)
                        .contains("mariadb");
        List<String[]> names;
        try {
            names =
                    Jdbc.query(
                            source,
                            mariadb
                                    ? "SELECT User, Host, is_role FROM mysql.user ORDER BY is_role DESC, User, Host"
                                    : "SELECT u.User, u.Host, EXISTS (SELECT 1 FROM mysql.role_edges r"
                                            + " WHERE r.FROM_USER = u.User AND r.FROM_HOST = u.Host)"
                                            + " FROM mysql.user u ORDER BY 3 DESC, 1, 2",
                            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146) {
                throw e;
            }
            // MySQL 5.7: no roles
            names =
                    Jdbc.query(
                            source,
                            "SELECT User, Host, 0 FROM mysql.user ORDER BY 1, 2",
                            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
        List<Account> out = new ArrayList<>();
        for (String[] n : names) {
            String user = n[0];
            String host = n[1];
            boolean role = "Y".equalsIgnoreCase(n[2]) || "1".equals(n[2]);
            if (user.isEmpty()
                    || SYSTEM_USERS.contains(user.toLowerCase(Locale.ROOT))
                    || !options.copiesUser(user, host)) {
                continue;
            }
            Account probe = new Account(user, host, role, null, List.of());
            String create =
                    mariadb && role
                            ? "CREATE ROLE " + quote(user)
                            : Jdbc.scalar(source, "SHOW CREATE USER " + probe.sqlName());
            List<String> grants =
                    Jdbc.query(source, "SHOW GRANTS FOR " + probe.sqlName(), rs -> rs.getString(1));
            out.add(new Account(user, host, role, forTarget(create, role), grants));
        }
        return out;
    }

    /**
     * MariaDB's password forms as MySQL writes them; a role (MySQL keeps roles as locked accounts)
     * created as one.
     */
    static String forTarget(String create, boolean role) {
        Matcher m = MARIADB_PASSWORD.matcher(create);
        if (m.find()) {
            return m.replaceFirst(
                    Matcher.quoteReplacement(
                            " IDENTIFIED WITH mysql_native_password AS " + m.group(1)));
        }
        return create;
    }

    /**
     * Creates {@code accounts} on {@code target}; returns each one's state. Privileges the target
     * refuses go to {@code dropped}.
     */
    public static List<ObjectState> create(
            Connection target, List<Account> accounts, Consumer<Transformation> dropped)
            throws SQLException {
        List<ObjectState> out = new ArrayList<>();
        for (Account a : accounts) {
            out.add(create(target, a, accounts, dropped));
        }
        return out;
    }

    private static ObjectState create(
            Connection target, Account a, List<Account> all, Consumer<Transformation> dropped)
            throws SQLException {
        String kind = a.role() ? "ROLE" : "ACCOUNT";
        List<String> notes = new ArrayList<>();
        try {
            try {
                Jdbc.execute(target, a.create());
            } catch (SQLException e) {
                lost(e);
                String plain = withoutDefaultRole(a.create());
                if (e.getErrorCode() != 1227 || plain.equals(a.create())) {
                    throw e;
                }
                // a managed target's admin has no ROLE_ADMIN: the default role cannot be set
                Jdbc.execute(target, plain);
                notes.add("created without its default role (the target account may not set it)");
            }
        } catch (SQLException e) {
            lost(e);
            if (e.getErrorCode() == 1396) { // exists already
                return new ObjectState(
                        "",
                        kind,
                        a.label(),
                        Status.SKIPPED,
                        null,
                        null,
                        null,
                        null,
                        List.of("exists on the target: left as it is"),
                        null);
            }
            return new ObjectState(
                    "",
                    kind,
                    a.label(),
                    Status.FAILED,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    "creating it failed: " + redacted(e, a.create()));
        }
        List<String> errors = new ArrayList<>();
        for (String grant : a.grants()) {
            Matcher role = ROLE_GRANT.matcher(grant);
            if (!GRANT.matcher(grant).matches() && role.matches()) {
                grantRoles(target, a, grant, role.group(1), all, dropped, notes, errors);
            } else {
                grant(target, a, withoutPassword(grant), dropped, notes, errors);
            }
        }
        return new ObjectState(
                "",
                kind,
                a.label(),
                errors.isEmpty() ? Status.COMPLETED : Status.FAILED,
                null,
                null,
                null,
                null,
                notes,
                errors.isEmpty() ? null : String.join("; ", errors));
    }

    private static void grant(
            Connection target,
            Account a,
            String grant,
            Consumer<Transformation> dropped,
            List<String> notes,
            List<String> errors)
            throws SQLException {
        Matcher m = GRANT.matcher(grant);
        if (m.matches() && m.group(1).trim().equalsIgnoreCase("PROXY")) {
            notes.add("proxy grant not copied: " + grant);
            return;
        }
        if (m.matches() && m.group(1).trim().equalsIgnoreCase("USAGE")) {
            return; // what CREATE USER gave already
        }
        try {
            Jdbc.execute(target, grant);
            return;
        } catch (SQLException e) {
            lost(e);
            if (!m.matches() || !refusedPrivilege(e)) {
                errors.add(grant + ": " + MySqlErrors.describe(e));
                return;
            }
        }
        // one privilege at a time: keep what the target allows, report what it refuses
        String on = m.group(2);
        String to = m.group(3);
        String option = m.group(4) == null ? "" : m.group(4);
        for (String privilege : privileges(m.group(1))) {
            try {
                Jdbc.execute(target, "GRANT " + privilege + " ON " + on + " TO " + to + option);
            } catch (SQLException e) {
                lost(e);
                dropped.accept(
                        new Transformation(
                                "privilege",
                                a.label(),
                                privilege + " ON " + on,
                                null,
                                "the target refused it: " + MySqlErrors.describe(e)));
                notes.add("privilege dropped: " + privilege + " ON " + on);
            }
        }
    }

    /**
     * {@code GRANT role, ... TO account}: granted as it is where the target account may; where it
     * may not (no ROLE_ADMIN on a managed target), each copied role's privileges are granted to the
     * account directly, so that it can do what it did, and the change is reported.
     */
    private static void grantRoles(
            Connection target,
            Account a,
            String statement,
            String roles,
            List<Account> all,
            Consumer<Transformation> dropped,
            List<String> notes,
            List<String> errors)
            throws SQLException {
        try {
            Jdbc.execute(target, statement);
            return;
        } catch (SQLException e) {
            lost(e);
            if (e.getErrorCode() != 1227) {
                errors.add(statement + ": " + MySqlErrors.describe(e));
                return;
            }
        }
        for (String name : privileges(roles)) {
            String[] userHost = name.replace("`", "").replace("'", "").split("@", 2);
            Account role =
                    all.stream()
                            .filter(
                                    r ->
                                            r.user().equals(userHost[0])
                                                    && (userHost.length < 2
                                                            || r.host().equals(userHost[1])))
                            .findFirst()
                            .orElse(null);
            if (role == null) {
                errors.add(
                        "role "
                                + name
                                + " could not be granted (the target account lacks ROLE_ADMIN) and"
                                + " is not among the accounts copied: add it to --users");
                continue;
            }
            for (String g : role.grants()) {
                Matcher m = GRANT.matcher(g);
                if (m.matches() && !m.group(1).trim().equalsIgnoreCase("USAGE")) {
                    grant(
                            target,
                            a,
                            "GRANT " + m.group(1) + " ON " + m.group(2) + " TO " + a.sqlName(),
                            dropped,
                            notes,
                            errors);
                }
            }
            dropped.accept(
                    new Transformation(
                            "role",
                            a.label(),
                            role.label(),
                            "its privileges granted directly",
                            "the target account may not grant roles (no ROLE_ADMIN)"));
            notes.add("role " + role.label() + " given as its privileges");
        }
    }

    /** CREATE USER without its DEFAULT ROLE clause. */
    static String withoutDefaultRole(String create) {
        return DEFAULT_ROLE.matcher(create).replaceFirst("");
    }

    /** Access denied, unknown privilege or syntax: worth trying the privileges one by one. */
    private static boolean refusedPrivilege(SQLException e) {
        return switch (e.getErrorCode()) {
            case 1044, 1045, 1142, 1227, 1410, 1064, 1149, 3619, 1221 -> true;
            default -> false;
        };
    }

    /** {@code SELECT, INSERT (a, b), SUPER} as single privileges (column lists kept together). */
    static List<String> privileges(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().trim());
        }
        return out;
    }

    /** MariaDB's SHOW GRANTS names the password in the USAGE line: CREATE USER set it already. */
    static String withoutPassword(String grant) {
        return IDENTIFIED_CLAUSE.matcher(grant).replaceFirst("");
    }

    /** The server's message without any quoted text of the statement (it holds the hash). */
    static String redacted(SQLException e, String statement) {
        String message = MySqlErrors.describe(e);
        Matcher q = QUOTED.matcher(statement);
        while (q.find()) {
            String literal = q.group();
            if (literal.length() > 12) {
                message = message.replace(literal.substring(1, literal.length() - 1), "***");
            }
        }
        int near = message.indexOf(" near '");
        return near > 0
                ? message.substring(0, near) + " (statement not shown: it holds a password hash)"
                : message;
    }

    private static void lost(SQLException e) throws SQLException {
        if (MySqlErrors.classify(e) == MySqlErrors.Kind.CONNECTION_LOST) {
            throw e;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
