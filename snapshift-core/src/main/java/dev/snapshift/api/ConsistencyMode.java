package dev.snapshift.api;

import java.util.Locale;

/** How the point in time is held on the source ({@code --consistency}). */
public enum ConsistencyMode {
    /**
     * FLUSH TABLES WITH READ LOCK for milliseconds, consistent snapshots on every session (needs
     * RELOAD).
     */
    SNAPSHOT("snapshot"),
    /**
     * The whole server read-only for the copy (read_only and super_read_only), restored afterwards.
     */
    READ_ONLY("read-only"),
    /**
     * LOCK TABLES ... READ on the selected tables while the snapshots start (for sources that
     * refuse FTWRL).
     */
    LOCK_TABLES("lock-tables"),
    /** No lock: the server proves each session's snapshot position (MariaDB, Percona Server). */
    LOCKLESS("lockless"),
    /** No guarantee at all. */
    NONE("none"),
    /** The strongest mode the server and privileges allow. */
    AUTO("auto");

    private final String cliName;

    ConsistencyMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * The enum constant of a recorded name (SNAPSHOT, READ_ONLY...); SNAPSHOT for an unknown one.
     */
    public static ConsistencyMode fromName(String name) {
        try {
            return name == null ? SNAPSHOT : valueOf(name);
        } catch (IllegalArgumentException e) {
            return SNAPSHOT;
        }
    }

    public static ConsistencyMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ConsistencyMode m : values()) {
            if (m.cliName.equals(t)) {
                return m;
            }
        }
        throw new SnapshiftException(
                ErrorCode.USAGE,
                "unknown consistency mode '"
                        + text
                        + "': use snapshot, read-only, lock-tables, lockless, none or auto");
    }
}
