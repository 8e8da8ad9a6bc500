package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.schema.TableInfo;
import dev.snapshift.internal.schema.ValueKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The selected tables themselves: engines a snapshot does not cover, and tables without a usable key. */
public final class TableChecks {
    static final String NON_TRANSACTIONAL = "non-transactional";
    static final String NO_KEY = "tables without key";
    static final String MARIADB_ONLY = "MariaDB-only tables";

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

    /**
     * MariaDB's sequences, system-versioned tables and UUID / INET6 / INET4 columns have no MySQL counterpart: onto a
     * MySQL target they are refused before anything is written, never left behind or changed silently.
     */
    static PreflightCheck mariaDbOnly(PreflightContext ctx) {
        if (ctx.targetFacts().info().mariaDb()) {
            return PreflightCheck.ok(MARIADB_ONLY, "the target is MariaDB: sequences, system-versioned tables (with"
                    + " their history) and UUID / INET6 / INET4 columns are copied as they are");
        }
        List<String> found = new ArrayList<>();
        for (TableInfo t : ctx.tables()) {
            switch (t.type()) {
                case SEQUENCE -> found.add(t.qualifiedName() + " (SEQUENCE)");
                case VERSIONED -> found.add(t.qualifiedName() + " (WITH SYSTEM VERSIONING: its history)");
                default -> { }
            }
            t.columns().stream().filter(c -> c.kind() == ValueKind.TYPED_TEXT)
                    .forEach(c -> found.add(t.qualifiedName() + "." + c.name() + " ("
                            + c.dataType().toUpperCase(Locale.ROOT) + ")"));
        }
        if (found.isEmpty()) {
            return PreflightCheck.ok(MARIADB_ONLY, "none");
        }
        return PreflightCheck.fail(MARIADB_ONLY, "MySQL cannot hold " + Texts.names(found),
                "migrate these databases to a MariaDB target, or leave them out with --databases; or change them on the"
                        + " source first (a sequence into an AUTO_INCREMENT table, ALTER TABLE ... DROP"
                        + " SYSTEM VERSIONING, UUID into CHAR(36) or BINARY(16), INET6 into VARBINARY(16))");
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
