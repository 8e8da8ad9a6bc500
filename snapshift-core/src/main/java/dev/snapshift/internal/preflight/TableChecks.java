package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.schema.TableInfo;

import java.util.List;

/** The selected tables themselves: engines a snapshot does not cover, and tables without a usable key. */
public final class TableChecks {
    static final String NON_TRANSACTIONAL = "non-transactional";
    static final String NO_KEY = "tables without key";

    private TableChecks() {
    }

    /** Only InnoDB takes part in a consistent snapshot (on MariaDB too: Aria, MyISAM, MEMORY, CSV do not). */
    public static boolean transactional(TableInfo t) {
        return t.engine() != null && t.engine().equalsIgnoreCase("InnoDB");
    }

    static PreflightCheck nonTransactional(PreflightContext ctx) {
        List<TableInfo> tables = ctx.tables().stream().filter(t -> !transactional(t)).toList();
        if (tables.isEmpty()) {
            return PreflightCheck.ok(NON_TRANSACTIONAL, "none: every selected table is InnoDB");
        }
        String what = tables.size() == 1 ? "1 table is" : tables.size() + " tables are";
        String list = ": " + Texts.names(tables.stream().map(t -> t.qualifiedName() + " ("
                + (t.engine() == null ? "unknown engine" : t.engine()) + ")").toList());
        if (ctx.config().consistency() == dev.snapshift.api.ConsistencyMode.READ_ONLY) {
            return PreflightCheck.ok(NON_TRANSACTIONAL, what + " not covered by a snapshot, but the source is read-only during"
                    + " the copy, so they are copied exactly" + list);
        }
        if (ctx.config().consistency() == dev.snapshift.api.ConsistencyMode.NONE) {
            return PreflightCheck.warn(NON_TRANSACTIONAL, what + " copied without any guarantee (--consistency none)" + list,
                    "choose a consistency mode and --non-transactional=lock");
        }
        return switch (ctx.config().nonTransactional()) {
            case FAIL -> PreflightCheck.fail(NON_TRANSACTIONAL, what + " not covered by the snapshot" + list,
                    "--non-transactional=lock copies them while the lock is held (exact, but writers wait for that copy);"
                            + " --non-transactional=skip leaves them out; or convert them (ALTER TABLE ... ENGINE=InnoDB)");
            case LOCK -> {
                long bytes = ctx.estimate().bytesOf(tables);
                yield PreflightCheck.warn(NON_TRANSACTIONAL, what + " not covered by the snapshot and will be copied under"
                        + " the lock (--non-transactional=lock): writers wait about "
                        + Texts.duration(SizeEstimate.durationOf(bytes)) + " longer (" + Texts.bytes(bytes)
                        + " at an assumed " + SizeEstimate.ASSUMPTION + ")" + list,
                        "convert them to InnoDB (ALTER TABLE ... ENGINE=InnoDB) to keep the lock short");
            }
            case SKIP -> PreflightCheck.warn(NON_TRANSACTIONAL, what + " not covered by the snapshot and will not be copied"
                    + " (--non-transactional=skip)" + list, "copy them separately, use --non-transactional=lock, or"
                    + " convert them to InnoDB");
        };
    }

    static PreflightCheck withoutKey(PreflightContext ctx) {
        List<String> tables = ctx.tables().stream().filter(t -> t.key().isEmpty()).map(TableInfo::qualifiedName).toList();
        if (tables.isEmpty()) {
            return PreflightCheck.ok(NO_KEY, "none: every selected table has a primary key or a unique NOT NULL key");
        }
        return PreflightCheck.warn(NO_KEY, Texts.count(tables.size(), "table", "tables")
                + " without a primary key or unique NOT NULL key: " + Texts.names(tables)
                + "; each is copied as one chunk, without parallelism, and CDC tools need keys",
                "add a primary key (ALTER TABLE ... ADD PRIMARY KEY ...; an invisible auto-increment column works)");
    }
}
