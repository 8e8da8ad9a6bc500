package dev.snapshift.internal.preflight;

import dev.snapshift.api.ConsistencyMode;
import dev.snapshift.api.MigrationConfig;
import dev.snapshift.internal.schema.TableInfo;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every check may look at: both servers (plain, non-snapshot connections, used for reads
 * only), the selected tables, the configuration, the mode the run will use and the size estimate.
 *
 * @param distinctSource the source's fingerprint when the caller has already proven the target to
 *     be another server (a run does so before anything else); null: the check asks both servers
 * @param objects the views, routines, triggers and events, read once for the checks that need them
 */
record PreflightContext(
        Connection source,
        ServerFacts sourceFacts,
        Connection target,
        ServerFacts targetFacts,
        List<TableInfo> tables,
        MigrationConfig config,
        ConsistencyMode mode,
        SizeEstimate estimate,
        dev.snapshift.internal.jdbc.ServerIdentity.Fingerprint distinctSource,
        Once<List<String[]>> objects) {

    /** A value read at its first use and kept, or the failure of that read, thrown again. */
    static final class Once<T> {
        /** Reads the value from a context. */
        @FunctionalInterface
        interface Read<T> {
            T from(PreflightContext c) throws java.sql.SQLException;
        }

        private final Read<T> read;
        private T value;
        private java.sql.SQLException failure;
        private boolean done;

        Once(Read<T> read) {
            this.read = read;
        }

        T get(PreflightContext c) throws java.sql.SQLException {
            if (!done) {
                try {
                    value = read.from(c);
                } catch (java.sql.SQLException e) {
                    failure = e;
                }
                done = true;
            }
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** The databases the selected tables live in, sorted. */
    Set<String> databases() {
        Set<String> out = new TreeSet<>();
        tables.forEach(t -> out.add(t.database()));
        return out;
    }
}
