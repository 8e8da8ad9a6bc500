package dev.snapshift.internal.copy;

import dev.snapshift.internal.jdbc.MySqlErrors;
import java.sql.SQLException;

/** A chunk failed; says on which side, so the retry policy knows what was lost. */
public final class CopyFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Side {
        SOURCE,
        TARGET
    }

    private final Side side;

    public CopyFailure(Side side, SQLException cause) {
        super(message(side, cause), cause);
        this.side = side;
    }

    static String message(Side side, SQLException cause) {
        return side == Side.SOURCE
                ? "source: " + MySqlErrors.describeSourceRead(cause)
                : "target: " + MySqlErrors.describe(cause);
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
