package dev.snapshift.internal.jdbc;

import dev.snapshift.api.ErrorCode;
import dev.snapshift.api.SnapshiftException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Tells whether two connections reach the same server, whatever their URLs say: another host name,
 * another address of the same machine, a proxy or a tunnel all lead to one server, and migrating a
 * server onto itself would drop or overwrite the source's tables.
 *
 * <p>Two pieces of evidence, either one enough to refuse:
 *
 * <ul>
 *   <li>a probe: the first connection takes a user-level lock with a random name ({@code GET_LOCK},
 *       held in the server's memory only: nothing is written, nothing replicated, no privilege
 *       needed) and the second asks whether that lock is in use ({@code IS_USED_LOCK}); only the
 *       same server can see it;
 *   <li>the server's identity: {@code @@server_uuid} on MySQL (unique per data directory).
 * </ul>
 *
 * MariaDB has no server UUID; its {@code server_id}, host name, port and data directory are shown
 * in the message.
 */
public final class ServerIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a server says about itself, for messages and for the run state. */
    public record Fingerprint(
            String uuid, String serverId, String hostname, String port, String datadir) {
        /** e.g. {@code server_uuid 3e11fa47-..., db1:3306 /var/lib/mysql/} */
        public String describe() {
            return (uuid == null || uuid.isEmpty()
                            ? "server_id " + serverId
                            : "server_uuid " + uuid)
                    + ", "
                    + hostname
                    + ":"
                    + port
                    + " "
                    + datadir;
        }
    }

    private ServerIdentity() {}

    public static Fingerprint fingerprint(Connection c) throws SQLException {
        List<String[]> vars =
                Jdbc.query(
                        c,
                        "SHOW GLOBAL VARIABLES WHERE Variable_name IN"
                                + " ('server_uuid', 'server_id', 'hostname', 'port', 'datadir')",
                        rs -> new String[] {rs.getString(1), rs.getString(2)});
        String uuid = "";
        String id = "";
        String host = "";
        String port = "";
        String dir = "";
        for (String[] v : vars) {
            switch (v[0].toLowerCase(java.util.Locale.ROOT)) {
                case "server_uuid" -> uuid = v[1];
                case "server_id" -> id = v[1];
                case "hostname" -> host = v[1];
                case "port" -> port = v[1];
                case "datadir" -> dir = v[1];
                default -> {}
            }
        }
        return new Fingerprint(uuid, id, host, port, dir);
    }

    /**
     * Both servers' fingerprints, and whether {@code a} and {@code b} are connected to one and the
     * same server.
     */
    public record Comparison(Fingerprint a, Fingerprint b, boolean same) {}

    /** Reads each fingerprint once, then (unless the UUIDs tell) runs the lock probe. */
    public static Comparison compare(Connection a, Connection b) throws SQLException {
        Fingerprint fa = fingerprint(a);
        Fingerprint fb = fingerprint(b);
        boolean same =
                (!fa.uuid().isEmpty() && fa.uuid().equalsIgnoreCase(fb.uuid())) || probe(a, b);
        return new Comparison(fa, fb, same);
    }

    /**
     * The lock probe: a lock taken on {@code a} is visible from {@code b} only on the same server.
     */
    static boolean probe(Connection a, Connection b) throws SQLException {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String name = "snapshift-identity-" + HexFormat.of().formatHex(bytes);
        if (!"1".equals(Jdbc.scalar(a, "SELECT GET_LOCK(?, 0)", name))) {
            throw new SQLException(
                    "could not take the user-level lock "
                            + name
                            + " for the server identity check");
        }
        try {
            return Jdbc.scalar(b, "SELECT IS_USED_LOCK(?)", name) != null;
        } finally {
            Jdbc.scalar(a, "SELECT RELEASE_LOCK(?)", name);
        }
    }

    /**
     * Refuses a target that is the source itself, before anything is written to either.
     *
     * @return the source's fingerprint, as read for the check
     * @throws SnapshiftException PREFLIGHT when both connections reach one server
     */
    public static Fingerprint requireDistinct(
            Connection source, Connection target, String sourceUrl, String targetUrl)
            throws SQLException {
        Comparison servers = compare(source, target);
        if (servers.same()) {
            throw new SnapshiftException(
                    ErrorCode.PREFLIGHT,
                    "the source and the target are the same server ("
                            + servers.a().describe()
                            + "), reached as "
                            + sourceUrl
                            + " and "
                            + targetUrl
                            + "; nothing was written. Give --target the address of another server");
        }
        return servers.a();
    }
}
