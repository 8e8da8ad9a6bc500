package dev.snapshift.internal.preflight;

import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.ServerInfo;
import dev.snapshift.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges of the connected account, parsed from {@code SHOW GRANTS}. Global ({@code *.*})
 * and database-level ({@code `db`.*}, with the LIKE wildcards a grant may use) grants count; table,
 * column and routine grants do not. {@code ALL PRIVILEGES} counts as every privilege at its level;
 * partial revokes ({@code REVOKE ... ON `db`.*}) are subtracted. Never keep or print the raw lines:
 * MariaDB shows the password hash in them.
 */
public final class Grants {
    private static final Pattern GRANT =
            Pattern.compile("^(GRANT|REVOKE) (.+?) ON (.+?) (TO|FROM) .*$", Pattern.DOTALL);
    private static final String ALL = "ALL";

    private record Scoped(String privilege, Pattern database) {}

    private final String user;
    private final String account;
    private final Set<String> global = new HashSet<>();
    private final List<Scoped> granted = new ArrayList<>();
    private final List<Scoped> revoked = new ArrayList<>();

    private Grants(String user, String account) {
        this.user = user;
        this.account = account;
    }

    /**
     * Reads the current account's grants: on MySQL 8 with its active roles ({@code USING}), on
     * MariaDB with the current role ({@code SHOW GRANTS}).
     */
    public static Grants read(Connection c, ServerInfo server) throws SQLException {
        String sql = "SHOW GRANTS FOR CURRENT_USER()";
        if (server.mariaDb()) {
            sql = "SHOW GRANTS";
        } else if (server.major() >= 8) {
            String roles = Jdbc.scalar(c, "SELECT CURRENT_ROLE()");
            if (roles != null && !roles.isBlank() && !"NONE".equalsIgnoreCase(roles)) {
                sql += " USING " + roles;
            }
        }
        List<String> lines = Jdbc.query(c, sql, rs -> rs.getString(1));
        return parse(Jdbc.scalar(c, "SELECT CURRENT_USER()"), lines);
    }

    /**
     * @param currentUser {@code user@host} as {@code CURRENT_USER()} returns it
     */
    public static Grants parse(String currentUser, List<String> lines) {
        String user =
                currentUser == null
                        ? ""
                        : currentUser.lastIndexOf('@') < 0
                                ? currentUser
                                : currentUser.substring(0, currentUser.lastIndexOf('@'));
        Grants g = new Grants(user, account(currentUser));
        for (String line : lines) {
            g.add(line.trim());
        }
        return g;
    }

    private void add(String line) {
        Matcher m = GRANT.matcher(line);
        if (!m.matches()) {
            return; // role grants (GRANT `r`@`%` TO ...) and anything unexpected
        }
        boolean grant = m.group(1).equals("GRANT");
        String scope = m.group(3).trim();
        Pattern database;
        if (scope.equals("*.*")) {
            database = null;
        } else if (scope.endsWith(".*") && scope.startsWith("`")) {
            database = likePattern(unquote(scope.substring(0, scope.length() - 2)));
        } else {
            return; // table, column, routine or proxy grants
        }
        for (String privilege : privileges(m.group(2))) {
            if (!grant) {
                revoked.add(new Scoped(privilege, database));
            } else if (database == null) {
                global.add(privilege);
            } else {
                granted.add(new Scoped(privilege, database));
            }
        }
    }

    static List<String> privileges(String list) {
        List<String> out = new ArrayList<>();
        for (String p : list.replaceAll("\\([^)]*\\)", "").split(",")) {
            String name = p.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            if (name.equals("ALL PRIVILEGES")) {
                name = ALL;
            }
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /** Whether the account holds {@code privilege} on {@code *.*} (or ALL PRIVILEGES there). */
    public boolean global(String privilege) {
        return global.contains(ALL) || global.contains(privilege);
    }

    /** Whether the account holds any of {@code privileges} on {@code *.*}. */
    public boolean anyGlobal(String... privileges) {
        for (String p : privileges) {
            if (global(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the account holds {@code privilege} on every table of {@code database}, globally or
     * on the database.
     */
    public boolean onDatabase(String privilege, String database) {
        boolean revokedHere =
                revoked.stream()
                        .anyMatch(
                                r ->
                                        (r.privilege().equals(privilege)
                                                        || r.privilege().equals(ALL))
                                                && (r.database() == null
                                                        || r.database()
                                                                .matcher(database)
                                                                .matches()));
        if (global(privilege) && !revokedHere) {
            return true;
        }
        return granted.stream()
                .anyMatch(
                        s ->
                                (s.privilege().equals(privilege) || s.privilege().equals(ALL))
                                        && s.database().matcher(database).matches());
    }

    /** The user name of the account, without the host. */
    public String user() {
        return user;
    }

    /** The account as a GRANT statement names it, e.g. {@code 'app'@'%'}. */
    public String account() {
        return account;
    }

    /** {@code GRANT privileges ON scope TO 'user'@'host'} */
    public String grantStatement(String privileges, String scope) {
        return "GRANT " + privileges + " ON " + scope + " TO " + account;
    }

    /** {@code `db`.*} */
    public static String databaseScope(String database) {
        return Sql.quote(database) + ".*";
    }

    static String account(String currentUser) {
        if (currentUser == null) {
            return "CURRENT_USER()";
        }
        int at = currentUser.lastIndexOf('@');
        String user = at < 0 ? currentUser : currentUser.substring(0, at);
        String host = at < 0 ? "%" : currentUser.substring(at + 1);
        return Sql.stringLiteral(user) + "@" + Sql.stringLiteral(host);
    }

    /** {@code `a``b`} to {@code a`b}. */
    static String unquote(String quoted) {
        String s = quoted;
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
            s = s.substring(1, s.length() - 1).replace("``", "`");
        }
        return s;
    }

    /** A database name in a grant is a LIKE pattern: % and _ are wildcards, a backslash escapes. */
    static Pattern likePattern(String name) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '\\' && i + 1 < name.length()) {
                re.append(Pattern.quote(String.valueOf(name.charAt(++i))));
            } else if (ch == '%') {
                re.append(".*");
            } else if (ch == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
