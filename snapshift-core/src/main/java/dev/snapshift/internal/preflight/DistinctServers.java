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
        if (c.distinctSource() != null) {
            // the run refused the same server before anything else (ServerIdentity
            // .requireDistinct): no need to ask both servers again
            return ok(c.distinctSource());
        }
        ServerIdentity.Comparison servers = ServerIdentity.compare(c.source(), c.target());
        ServerIdentity.Fingerprint source = servers.a();
        if (servers.same()) {
            return PreflightCheck.fail(
                    NAME,
                    "the source and the target are the same server ("
                            + source.describe()
                            + "): migrating it onto itself would overwrite or drop the source's tables",
                    "give --target the address of another server");
        }
        return ok(source);
    }

    private static PreflightCheck ok(ServerIdentity.Fingerprint source) {
        return PreflightCheck.ok(
                NAME, "the target is another server than the source (" + source.describe() + ")");
    }
}
