package dev.snapshift.internal.schema;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * One view, routine, trigger or event as the source's {@code SHOW CREATE} gives it, with the
 * context it was created in. The statement is kept as the server's exact bytes (read with {@code
 * character_set_results = NULL}, they are in the object's {@code character_set_client}) and is sent
 * back as the same bytes with the same client character set, as mysqldump does: a routine written
 * in latin1 keeps its latin1 literals byte for byte.
 *
 * @param statement the CREATE statement's bytes, one char per byte (an ISO-8859-1 view of them), so
 *     that rewrites of its ASCII syntax (DEFINER, ENABLE) keep every other byte; null when it could
 *     not be read ({@code readError} says why)
 * @param table the table of a trigger (null otherwise)
 * @param sqlMode the object's sql_mode ("" for views, which keep none)
 * @param timeZone an event's time zone (null otherwise)
 * @param eventStatus an event's status on the source: ENABLED, DISABLED, SLAVESIDE_DISABLED (null
 *     otherwise)
 * @param databaseCollation the database's default collation when the object was created (null for
 *     views)
 * @param definer the definer as information_schema shows it ({@code user@host})
 * @param readError why the definition could not be read (null when it was)
 */
public record SchemaObject(
        ObjectKind kind,
        String database,
        String name,
        String table,
        String statement,
        String sqlMode,
        String timeZone,
        String eventStatus,
        String characterSetClient,
        String collationConnection,
        String databaseCollation,
        String definer,
        String readError) {

    /** {@code view shop.v_orders} */
    public String label() {
        return kind.label() + " " + database + "." + name;
    }

    /** The statement's bytes, as read. */
    public byte[] bytes() {
        return statement.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The statement as text, for messages (decoded from its client character set where Java knows
     * it).
     */
    public String readable() {
        if (statement == null) {
            return null;
        }
        Charset cs = Charsets.java(characterSetClient);
        return cs == null ? statement : new String(bytes(), cs);
    }

    /** The same object with another statement (same bytes elsewhere). */
    public SchemaObject withStatement(String rewritten) {
        return new SchemaObject(
                kind,
                database,
                name,
                table,
                rewritten,
                sqlMode,
                timeZone,
                eventStatus,
                characterSetClient,
                collationConnection,
                databaseCollation,
                definer,
                readError);
    }
}
