package dev.snapshift.internal.preflight;

import dev.snapshift.api.PreflightCheck;
import dev.snapshift.internal.jdbc.ServerIdentity;
import java.sql.SQLException;

/**
 * The target must be another server than the source, whatever the two URLs say (see {@link
 * ServerIdentity}).
 */
final class DistinctServers {
    static final String NAME = "distinct servers";

    private DistinctServers() {}

    static PreflightCheck check(PreflightContext c) throws SQLException {
        ServerIdentity.Fingerprint source = ServerIdentity.fingerprint(c.source());
        if (ServerIdentity.same(c.source(), c.target())) {
            return PreflightCheck.fail(
                    NAME,
                    "the source and the target are the same server ("
                            + source.describe()
                            + "): migrating it onto itself would overwrite or drop the source's tables",
                    "give --target the address of another server");
        }
        return PreflightCheck.ok(
                NAME, "the target is another server than the source (" + source.describe() + ")");
    }
}
