package dev.snapshift.internal.schema;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DEFINER clause of a CREATE statement. A target user without SET_USER_ID / SUPER (Azure, RDS)
 * may not create objects for another account (error 1227); such an object is created without the
 * clause, so as the target user, and that is reported. Pure; unit-tested as strings.
 *
 * <p>The clause is only looked for in the statement's head, before the object's body: {@code SHOW
 * CREATE} writes it right after {@code CREATE} (after {@code ALGORITHM=...} for views), quoted with
 * backticks, or with double quotes for objects created under {@code ANSI_QUOTES}. Hand-written
 * forms are accepted as well: single quotes, unquoted names ({@code DEFINER=root@localhost}), a
 * user without host, and {@code CURRENT_USER} / {@code CURRENT_USER()}.
 */
public final class Definers {
    /** One part of an account name or one identifier, in any quoting the server accepts. */
    static final String PART =
            "(?:`(?:[^`]|``)*`|\"(?:[^\"]|\"\")*\"|'(?:[^'\\\\]|''|\\\\.)*'|[A-Za-z0-9_$.%\\-]+)";

    static final String ACCOUNT =
            "(?:CURRENT_USER(?:\\s*\\(\\s*\\))?|" + PART + "(?:\\s*@\\s*" + PART + ")?)";
    private static final Pattern HEAD =
            Pattern.compile(
                    "^(\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?)"
                            + "DEFINER\\s*=\\s*("
                            + ACCOUNT
                            + ")\\s*",
                    Pattern.CASE_INSENSITIVE);

    private Definers() {}

    /** The definer as written in the statement ({@code `app`@`%`}), if it names one. */
    public static Optional<String> definer(String create) {
        Matcher m = HEAD.matcher(create);
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /**
     * The statement without its DEFINER clause (unchanged when it has none): the object gets the
     * creating user.
     */
    public static String withoutDefiner(String create) {
        Matcher m = HEAD.matcher(create);
        if (!m.find()) {
            return create;
        }
        return m.group(1) + create.substring(m.end());
    }

    /**
     * Whether two account names are one account: {@code app@%}, {@code `app`@`%`} and {@code
     * 'app'@'%'} are; CURRENT_USER never equals a named account here. The host part compares
     * without case, as the server does.
     */
    public static boolean sameAccount(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String[] x = split(a);
        String[] y = split(b);
        return x[0].equals(y[0]) && x[1].equalsIgnoreCase(y[1]);
    }

    /**
     * {@code user@host} unquoted: {@code `a``b`@`%`} becomes {@code [a`b, %]}; no host means {@code
     * %}.
     */
    static String[] split(String account) {
        Matcher m =
                Pattern.compile("(" + PART + ")(?:\\s*@\\s*(" + PART + "))?")
                        .matcher(account.trim());
        if (!m.matches()) {
            return new String[] {account.trim(), "%"};
        }
        return new String[] {unquote(m.group(1)), m.group(2) == null ? "%" : unquote(m.group(2))};
    }

    private static String unquote(String part) {
        if (part.length() >= 2) {
            char q = part.charAt(0);
            if ((q == '`' || q == '"' || q == '\'') && part.charAt(part.length() - 1) == q) {
                return part.substring(1, part.length() - 1)
                        .replace(String.valueOf(q) + q, String.valueOf(q));
            }
        }
        return part;
    }

    private static final Pattern VIEW_SECURITY =
            Pattern.compile(
                    "^(\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?)"
                            + "(?:SQL\\s+SECURITY\\s+\\w+\\s+)?(VIEW\\b)",
                    Pattern.CASE_INSENSITIVE);

    /**
     * A CREATE VIEW (without its DEFINER clause) that runs with the caller's rights: SQL SECURITY
     * INVOKER.
     */
    public static String invokerView(String create) {
        Matcher m = VIEW_SECURITY.matcher(create);
        if (!m.find()) {
            return create;
        }
        return m.group(1) + "SQL SECURITY INVOKER " + m.group(2) + create.substring(m.end());
    }
}
