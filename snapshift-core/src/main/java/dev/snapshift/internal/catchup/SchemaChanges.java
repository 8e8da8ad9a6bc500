package dev.snapshift.internal.catchup;

import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs a schema change of the binary log on the target ({@code --on-ddl apply}) as the source ran
 * it: its bytes unchanged, in its default database, with its session's sql_mode (the modes both
 * MySQL and MariaDB know) and character set. Errors that mean "already done" are accepted when the
 * statement may have run before a crash ({@code mayHaveRun}).
 */
final class SchemaChanges {
    /** sql_mode bits as the server logs them (the same in MySQL and MariaDB for these). */
    private static final String[] MODES = new String[33];

    static {
        MODES[0] = "REAL_AS_FLOAT";
        MODES[1] = "PIPES_AS_CONCAT";
        MODES[2] = "ANSI_QUOTES";
        MODES[3] = "IGNORE_SPACE";
        MODES[5] = "ONLY_FULL_GROUP_BY";
        MODES[6] = "NO_UNSIGNED_SUBTRACTION";
        MODES[7] = "NO_DIR_IN_CREATE";
        MODES[19] = "NO_AUTO_VALUE_ON_ZERO";
        MODES[20] = "NO_BACKSLASH_ESCAPES";
        MODES[21] = "STRICT_TRANS_TABLES";
        MODES[22] = "STRICT_ALL_TABLES";
        MODES[23] = "NO_ZERO_IN_DATE";
        MODES[24] = "NO_ZERO_DATE";
        MODES[25] = "ALLOW_INVALID_DATES";
        MODES[26] = "ERROR_FOR_DIVISION_BY_ZERO";
        MODES[29] = "HIGH_NOT_PRECEDENCE";
        MODES[30] = "NO_ENGINE_SUBSTITUTION";
        MODES[31] = "PAD_CHAR_TO_FULL_LENGTH";
    }

    /** Errors of a schema change that was already made: exists, unknown, duplicate. */
    private static final Set<Integer> ALREADY_DONE =
            Set.of(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1091, 1146, 1304, 1305, 1359, 1360);

    private SchemaChanges() {}

    /** The names of the modes in {@code bits} that both servers know. Pure. */
    static String sqlMode(long bits) {
        if (bits < 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < MODES.length; i++) {
            if (MODES[i] != null && (bits & (1L << i)) != 0) {
                names.add(MODES[i]);
            }
        }
        return String.join(",", names);
    }

    /**
     * Runs the statement on a connection of its own.
     *
     * @param collation the name of the statement's collation_connection (null: utf8mb4)
     * @return a note when it was taken as already made, else null
     */
    static String apply(
            Connections target,
            SourceTransaction.Statement s,
            String collation,
            boolean skipBinlog,
            boolean mayHaveRun)
            throws SQLException {
        try (Connection c = target.openBytes()) {
            if (skipBinlog) {
                Jdbc.execute(c, "SET sql_log_bin = 0");
            }
            Jdbc.execute(c, "SET NAMES utf8mb4");
            if (s.database() != null && !s.database().isEmpty()) {
                Jdbc.execute(c, utf8("USE " + Sql.quote(s.database())));
            }
            String mode = sqlMode(s.sqlMode());
            Jdbc.execute(
                    c, "SET SESSION sql_mode = " + Sql.stringLiteral(mode == null ? "" : mode));
            if (collation != null) {
                String charset =
                        Jdbc.scalar(
                                c,
                                "SELECT CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?",
                                collation);
                if (charset != null) {
                    Jdbc.execute(
                            c,
                            "SET character_set_client = "
                                    + Sql.quote(charset)
                                    + ", collation_connection = "
                                    + Sql.quote(collation));
                }
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute(new String(s.sql(), StandardCharsets.ISO_8859_1));
            } catch (SQLException e) {
                if (mayHaveRun && ALREADY_DONE.contains(e.getErrorCode())) {
                    return "taken as already applied before a restart: ["
                            + e.getErrorCode()
                            + "] "
                            + e.getMessage();
                }
                throw e;
            }
        }
        return null;
    }

    private static String utf8(String sql) {
        return new String(sql.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
