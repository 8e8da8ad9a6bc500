package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.api.TargetOptions;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.schema.Accounts;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts and roles {@code --users} will create on the target, listed before anything is
 * written; those the target has already are named (they are left as they are).
 */
final class AccountCheck {
    static final String NAME = "accounts";

    private AccountCheck() {}

    static PreflightCheck check(PreflightContext c) throws SQLException {
        TargetOptions options = c.config().targetOptions();
        if (options.users() == null) {
            return PreflightCheck.ok(
                    NAME, "not copied (--users PATTERN copies accounts, roles and their grants)");
        }
        List<Accounts.Account> accounts = Accounts.read(c.source(), options);
        if (accounts.isEmpty()) {
            return PreflightCheck.warn(
                    NAME,
                    "--users " + options.users() + " selects no account or role on the source",
                    "check the pattern (user or user@host, * and ? as wildcards); the server's own and"
                            + " platform accounts (root, mysql.*, azure_superuser, rdsadmin...) are never"
                            + " copied");
        }
        Set<String> existing = new HashSet<>();
        try {
            existing.addAll(
                    Jdbc.query(
                            c.target(),
                            "SELECT CONCAT(User, '@', Host) FROM mysql.user",
                            rs -> rs.getString(1)));
        } catch (SQLException e) {
            // the target account may not read mysql.user: existing accounts show up as SKIPPED
        }
        List<String> created =
                accounts.stream()
                        .filter(a -> !existing.contains(a.user() + "@" + a.host()))
                        .map(a -> (a.role() ? "role " : "") + a.label())
                        .toList();
        List<String> kept =
                accounts.stream()
                        .filter(a -> existing.contains(a.user() + "@" + a.host()))
                        .map(Accounts.Account::label)
                        .toList();
        return PreflightCheck.ok(
                NAME,
                (created.isEmpty()
                                ? "none to create"
                                : created.size()
                                        + " to create with their grants: "
                                        + Texts.names(created))
                        + (kept.isEmpty()
                                ? ""
                                : "; on the target already, left as they are: " + Texts.names(kept))
                        + "; privileges the target refuses are dropped and reported");
    }
}
