package dev.snapshift.internal.snapshot;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.jdbc.Connections;
import dev.snapshift.internal.jdbc.Jdbc;
import dev.snapshift.internal.jdbc.MySqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Makes the whole source read-only ({@code read_only}, and {@code super_read_only} where the server has it, so that
 * privileged users cannot write either) and restores the original values on close — on success, failure, Ctrl-C and
 * SIGTERM alike, from a fresh connection if the original one died.
 */
public final class ReadOnlySwitch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlySwitch.class);

    private final Connections source;
    private final String originalReadOnly;
    private final String originalSuperReadOnly; // null when the server has no super_read_only
    private boolean restored;

    private ReadOnlySwitch(Connections source, String readOnly, String superReadOnly) {
        this.source = source;
        this.originalReadOnly = readOnly;
        this.originalSuperReadOnly = superReadOnly;
    }

    /** Call while holding the global read lock on {@code c}: in-flight writes have finished, none can start. */
    static ReadOnlySwitch enable(Connection c, Connections source) {
        try {
            String ro = Jdbc.scalar(c, "SELECT @@global.read_only");
            String sro = hasSuperReadOnly(c) ? Jdbc.scalar(c, "SELECT @@global.super_read_only") : null;
            ReadOnlySwitch sw = new ReadOnlySwitch(source, ro, sro);
            Jdbc.execute(c, "SET GLOBAL read_only = ON");
            if (sro != null) {
                Jdbc.execute(c, "SET GLOBAL super_read_only = ON");
            }
            LOG.warn("the source server is read-only now (read_only was {}, super_read_only was {}); it is restored when"
                    + " the migration ends", ro, sro == null ? "n/a" : sro);
            return sw;
        } catch (SQLException e) {
            throw new SnapshiftException(e.getErrorCode() == MySqlErrors.SPECIFIC_ACCESS_DENIED ? ErrorCode.PREFLIGHT : ErrorCode.SNAPSHOT,
                    "cannot make the source read-only: " + MySqlErrors.describe(e)
                            + " (needs SUPER or SYSTEM_VARIABLES_ADMIN; or use --consistency snapshot)", e);
        }
    }

    private static boolean hasSuperReadOnly(Connection c) throws SQLException {
        return !Jdbc.query(c, "SHOW GLOBAL VARIABLES LIKE 'super_read_only'", rs -> rs.getString(1)).isEmpty();
    }

    /** Restores the original values. Idempotent; thread-safe (the shutdown path may race the normal one). */
    @Override
    public synchronized void close() {
        if (restored) {
            return;
        }
        try (Connection c = source.open()) {
            if (originalSuperReadOnly != null) {
                Jdbc.execute(c, "SET GLOBAL super_read_only = " + onOff(originalSuperReadOnly));
            }
            Jdbc.execute(c, "SET GLOBAL read_only = " + onOff(originalReadOnly));
            restored = true;
            LOG.warn("the source server's read_only settings are restored (read_only={}, super_read_only={})",
                    originalReadOnly, originalSuperReadOnly == null ? "n/a" : originalSuperReadOnly);
        } catch (SQLException | RuntimeException e) {
            throw new SnapshiftException(ErrorCode.INTERNAL, "could not restore read_only on the source: run SET GLOBAL"
                    + " read_only = " + onOff(originalReadOnly) + (originalSuperReadOnly == null ? ""
                    : "; SET GLOBAL super_read_only = " + onOff(originalSuperReadOnly)) + " yourself (" + e.getMessage() + ")", e);
        }
    }

    static String onOff(String v) {
        return "1".equals(v) || "ON".equalsIgnoreCase(v) ? "ON" : "OFF";
    }
}
