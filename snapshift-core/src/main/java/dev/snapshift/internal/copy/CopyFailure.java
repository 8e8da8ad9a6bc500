package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.MySqlErrors;

import java.sql.SQLException;

/** A chunk failed; says on which side, so the retry policy knows what was lost. */
public final class CopyFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Side { SOURCE, TARGET }

    private final Side side;

    public CopyFailure(Side side, SQLException cause) {
        super(message(side, cause), cause);
        this.side = side;
    }

    static String message(Side side, SQLException cause) {
        String base = (side == Side.SOURCE ? "source: " : "target: ") + MySqlErrors.describe(cause);
        if (side == Side.SOURCE && cause.getErrorCode() == MySqlErrors.TABLE_DEF_CHANGED) {
            return base + " - the table was altered, truncated or rebuilt on the source during the copy, so it cannot"
                    + " be read as of the snapshot; run the migration again (on MySQL 8, grant BACKUP_ADMIN so that"
                    + " snapshift makes DDL wait with LOCK INSTANCE FOR BACKUP)";
        }
        if (side == Side.SOURCE && (cause.getErrorCode() == 1146 || cause.getErrorCode() == 1049)) {
            return base + " - the table was dropped or renamed on the source during the copy; run the migration again";
        }
        return base;
    }

    public Side side() {
        return side;
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }

    public MySqlErrors.Kind kind() {
        return MySqlErrors.classify(sqlException());
    }
}
