package dev.snapshift.internal;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.api.NonTransactionalPolicy;
import dev.snapshift.api.SnapshiftException;
import dev.snapshift.internal.preflight.TableChecks;
import dev.snapshift.internal.schema.TableInfo;
import java.util.List;

/** The policy for tables a consistent snapshot does not cover (every engine but InnoDB). */
final class NonTransactional {
    private NonTransactional() {}

    static boolean isNonTransactional(TableInfo t) {
        return !TableChecks.transactional(t);
    }

    /**
     * Refuses before anything locks when the policy is FAIL, or when no lock can hold such tables
     * still.
     */
    static void check(List<TableInfo> tables, MigrationConfig config) {
        List<String> names =
                tables.stream()
                        .filter(NonTransactional::isNonTransactional)
                        .map(t -> t.qualifiedName() + " (" + t.engine() + ")")
                        .toList();
        if (names.isEmpty()
                || config.consistency() == ConsistencyMode.NONE
                || config.consistency() == ConsistencyMode.READ_ONLY) {
            return;
        }
        if (config.nonTransactional() == NonTransactionalPolicy.FAIL) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "non-transactional tables are not covered by a consistent snapshot: "
                            + String.join(", ", names)
                            + ". Use --non-transactional=lock to copy them while the lock is held"
                            + " (writers wait for that copy), --non-transactional=skip to leave them out, --consistency read-only,"
                            + " or convert them to InnoDB");
        }
        if (config.nonTransactional() == NonTransactionalPolicy.LOCK
                && config.consistency() == ConsistencyMode.LOCKLESS) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "--consistency lockless holds no lock, so non-transactional tables ("
                            + String.join(", ", names)
                            + ") cannot be copied consistently: use --consistency snapshot or"
                            + " lock-tables, or --non-transactional=skip");
        }
    }

    static boolean copyUnderLock(List<TableInfo> tables, MigrationConfig config) {
        return config.nonTransactional() == NonTransactionalPolicy.LOCK
                && config.consistency() != ConsistencyMode.NONE
                && config.consistency() != ConsistencyMode.READ_ONLY
                && tables.stream().anyMatch(NonTransactional::isNonTransactional);
    }

    static boolean skip(TableInfo t, MigrationConfig config, ConsistencyMode effectiveConsistency) {
        return isNonTransactional(t)
                && config.nonTransactional() == NonTransactionalPolicy.SKIP
                && effectiveConsistency != ConsistencyMode.READ_ONLY
                && effectiveConsistency != ConsistencyMode.NONE;
    }
}
