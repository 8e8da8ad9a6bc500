package dev.snapshift.internal.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a {@code SHOW CREATE EVENT} statement so that the event is created DISABLED: it would
 * otherwise run on the target as well as on the source until cutover. The status clause is
 * rewritten in the CREATE statement itself rather than followed by {@code ALTER EVENT ... DISABLE},
 * because ALTER EVENT makes the account running it the event's definer (on MySQL 8.0 and MariaDB
 * 11.4 alike), which would undo a definer the target user may keep. Pure; unit-tested as strings.
 *
 * <p>{@code SHOW CREATE EVENT} always writes {@code ON COMPLETION [NOT] PRESERVE} followed by the
 * status: {@code ENABLE}, {@code DISABLE}, or {@code DISABLE ON SLAVE} ({@code DISABLE ON REPLICA}
 * on MySQL 8.4), then the optional COMMENT and {@code DO} with the body.
 */
public final class EventStatements {
    private static final Pattern STATUS =
            Pattern.compile(
                    "^(\\s*CREATE\\s+(?:DEFINER\\s*=\\s*"
                            + Definers.ACCOUNT
                            + "\\s+)?EVENT\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                            + Definers.PART
                            + "(?:\\s*\\.\\s*"
                            + Definers.PART
                            + ")?\\s+ON\\s+SCHEDULE\\s.*?"
                            + "\\sON\\s+COMPLETION\\s+(?:NOT\\s+)?PRESERVE)"
                            + "(?:\\s+(?:ENABLE|DISABLE\\s+ON\\s+(?:SLAVE|REPLICA)|DISABLE))?"
                            + "(?=\\s)",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private EventStatements() {}

    /** The statement with status DISABLE. */
    public static String createDisabled(String create) {
        Matcher m = STATUS.matcher(create);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "not a CREATE EVENT statement as SHOW CREATE EVENT writes it");
        }
        return m.group(1) + " DISABLE" + create.substring(m.end());
    }
}
